package org.playhead.session.it;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.playhead.protocol.session.v1.GetSessionRequest;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.protocol.session.v1.HeartbeatResponse;
import org.playhead.protocol.session.v1.PlaybackServiceClient;
import org.playhead.protocol.session.v1.PlayerCommand;
import org.playhead.protocol.session.v1.Session;
import org.playhead.protocol.session.v1.StartPlaybackRequest;
import org.playhead.protocol.session.v1.StartPlaybackResponse;
import org.playhead.protocol.session.v1.StopPlaybackRequest;
import org.playhead.protocol.session.v1.StopPlaybackResponse;

/** The generated gRPC client, sending one bearer token (or none) with every call. */
public final class AuthorizedPlayback {
  private final PlaybackServiceClient client;
  private final String authorization;

  public AuthorizedPlayback(PlaybackServiceClient client, String token) {
    this.client = client;
    this.authorization = token == null ? null : TestTokens.bearer(token);
  }

  public CompletionStage<StartPlaybackResponse> startPlayback(StartPlaybackRequest in) {
    var call = client.startPlayback();
    return (authorization == null ? call : call.addHeader("authorization", authorization))
        .invoke(in);
  }

  public CompletionStage<HeartbeatResponse> heartbeat(HeartbeatRequest in) {
    var call = client.heartbeat();
    return (authorization == null ? call : call.addHeader("authorization", authorization))
        .invoke(in);
  }

  public Source<PlayerCommand, NotUsed> streamHeartbeats(Source<HeartbeatRequest, NotUsed> in) {
    var call = client.streamHeartbeats();
    return (authorization == null ? call : call.addHeader("authorization", authorization))
        .invoke(in);
  }

  public CompletionStage<StopPlaybackResponse> stopPlayback(StopPlaybackRequest in) {
    var call = client.stopPlayback();
    return (authorization == null ? call : call.addHeader("authorization", authorization))
        .invoke(in);
  }

  public CompletionStage<Session> getSession(GetSessionRequest in) {
    var call = client.getSession();
    return (authorization == null ? call : call.addHeader("authorization", authorization))
        .invoke(in);
  }
}
