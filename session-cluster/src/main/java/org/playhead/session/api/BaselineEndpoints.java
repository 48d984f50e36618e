package org.playhead.session.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Source;
import org.playhead.protocol.bench.v1.BaselineEcho;
import org.playhead.protocol.bench.v1.BaselineEchoHandlerFactory;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.protocol.session.v1.HeartbeatResponse;
import org.playhead.protocol.session.v1.PlayerCommand;
import org.playhead.protocol.session.v1.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's yardstick, served only when {@code playhead.bench.baseline-port} is set: the
 * heartbeat calls answered by bare pekko-http and pekko-grpc handlers in the same JVM, with no
 * token, entity or journal. Playhead's heartbeat throughput is reported as a ratio of these, so the
 * figure says how much of the stack's own limit the session logic costs.
 */
public final class BaselineEndpoints extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(BaselineEndpoints.class);

  /** About the size of a real heartbeat answer, so the response path costs the same. */
  private static final String ACK_JSON =
      "{\"sessionId\":\"baseline\",\"state\":\"PLAYING\",\"applied\":true,"
          + "\"lastSequenceNumber\":1,\"positionMs\":1000,\"nextHeartbeatSeconds\":10,"
          + "\"leaseExpiresAt\":\"2026-01-01T00:00:00Z\"}";

  private BaselineEndpoints() {}

  /** Binds the yardstick when configured; a port of 0 (the default) serves nothing. */
  public static void startIfConfigured(ActorSystem<?> system) {
    int port = system.settings().config().getInt("playhead.bench.baseline-port");
    if (port <= 0) {
      return;
    }
    String host = system.settings().config().getString("playhead.http.host");
    Function<HttpRequest, CompletionStage<HttpResponse>> grpc =
        BaselineEchoHandlerFactory.create(new Echo(), system);
    Function<HttpRequest, CompletionStage<HttpResponse>> http =
        new BaselineEndpoints().route().handler(system);
    Function<HttpRequest, CompletionStage<HttpResponse>> both =
        request ->
            request.entity().getContentType().mediaType().toString().startsWith("application/grpc")
                ? grpc.apply(request)
                : http.apply(request);
    CompletionStage<ServerBinding> bound = Http.get(system).newServerAt(host, port).bind(both);
    bound.whenComplete(
        (binding, failure) -> {
          if (failure != null) {
            log.error("Could not bind the benchmark baseline on {}:{}", host, port, failure);
          } else {
            binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
            log.warn("Benchmark baseline endpoints on {}:{} (not for production)", host, port);
          }
        });
  }

  /** POST /bench/heartbeats: reads the body as the real route does, answers a fixed ack. */
  private Route route() {
    return path(
        PathMatchers.segment("bench").slash("heartbeats"),
        () ->
            post(
                () ->
                    entity(
                        Unmarshaller.entityToString(),
                        body ->
                            complete(
                                HttpResponse.create()
                                    .withEntity(ContentTypes.APPLICATION_JSON, ACK_JSON)))));
  }

  private static final class Echo implements BaselineEcho {
    @Override
    public CompletionStage<HeartbeatResponse> heartbeat(HeartbeatRequest in) {
      return CompletableFuture.completedFuture(ack(in));
    }

    @Override
    public Source<PlayerCommand, NotUsed> streamHeartbeats(Source<HeartbeatRequest, NotUsed> in) {
      return in.map(request -> PlayerCommand.newBuilder().setHeartbeatAck(ack(request)).build());
    }

    private static HeartbeatResponse ack(HeartbeatRequest in) {
      return HeartbeatResponse.newBuilder()
          .setSessionId(in.getSessionId())
          .setState(SessionState.SESSION_STATE_PLAYING)
          .setApplied(true)
          .setLastSequenceNumber(in.getSequenceNumber())
          .setPositionMs(in.getPlayheadMs())
          .setNextHeartbeatSeconds(10)
          .build();
    }
  }
}
