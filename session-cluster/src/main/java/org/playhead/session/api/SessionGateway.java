package org.playhead.session.api;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.PlaybackSession;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.SessionFacts;
import org.playhead.session.StopReason;

/** The one way the HTTP and gRPC adapters reach session entities: an ask through sharding. */
public final class SessionGateway {
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public SessionGateway(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  public CompletionStage<Reply> start(String sessionId, SessionFacts facts, long resumePositionMs) {
    return sharding
        .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
        .ask(replyTo -> new PlaybackSession.Start(facts, resumePositionMs, replyTo), askTimeout);
  }

  public CompletionStage<Reply> heartbeat(String sessionId, HeartbeatReport report) {
    return sharding
        .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
        .ask(replyTo -> new PlaybackSession.Heartbeat(report, replyTo), askTimeout);
  }

  public CompletionStage<Reply> stop(String sessionId, StopReason reason, long finalPositionMs) {
    return sharding
        .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
        .ask(replyTo -> new PlaybackSession.Stop(reason, finalPositionMs, replyTo), askTimeout);
  }

  public CompletionStage<Reply> get(String sessionId) {
    return sharding
        .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
        .ask(PlaybackSession.Get::new, askTimeout);
  }
}
