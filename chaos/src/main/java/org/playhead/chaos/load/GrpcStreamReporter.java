package org.playhead.chaos.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.playhead.protocol.session.v1.PlayerCommand;

/**
 * One player's heartbeats on a {@code StreamHeartbeats} stream, opened on first use and reopened
 * (on the player's current node) after it ends. The player sends one report at a time and the
 * server answers in order, so the one answer in flight is the next message: an acknowledgement, a
 * rejection, or a stop command. A stop with no report in flight is the server telling the player
 * unasked (eviction, revocation).
 */
final class GrpcStreamReporter implements PlayerApi.Reporter {
  private final GrpcChannels channels;
  private final ClassicActorSystemProvider system;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;
  private final PlayerApi.PushListener pushes;

  /** Which stream is current; events of older streams are ignored. */
  private long generation;

  private int node = -1;
  private BoundedSourceQueue<org.playhead.protocol.session.v1.HeartbeatRequest> queue;
  private CompletableFuture<CallResult> pending;
  private ScheduledFuture<?> pendingTimeout;

  GrpcStreamReporter(
      GrpcChannels channels,
      ClassicActorSystemProvider system,
      ScheduledExecutorService scheduler,
      Duration timeout,
      PlayerApi.PushListener pushes) {
    this.channels = channels;
    this.system = system;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.pushes = pushes;
  }

  @Override
  public synchronized CompletionStage<CallResult> report(Target target, Report report) {
    CompletableFuture<CallResult> answer = new CompletableFuture<>();
    if (pending != null) {
      answer.complete(CallResult.rejected("a report is already in flight on this stream"));
      return answer;
    }
    if (queue == null || node != target.nodeIndex()) {
      close();
      open(target);
    }
    pending = answer;
    QueueOfferResult offered = queue.offer(GrpcPlayerApi.request(report));
    if (!QueueOfferResult.enqueued().equals(offered)) {
      fail(generation, "stream refused the heartbeat: " + offered);
      return answer;
    }
    long streamGeneration = generation;
    pendingTimeout =
        scheduler.schedule(
            () -> timedOut(streamGeneration), timeout.toMillis(), TimeUnit.MILLISECONDS);
    return answer;
  }

  private void open(Target target) {
    long streamGeneration = ++generation;
    node = target.nodeIndex();
    Pair<
            BoundedSourceQueue<org.playhead.protocol.session.v1.HeartbeatRequest>,
            Source<org.playhead.protocol.session.v1.HeartbeatRequest, NotUsed>>
        requests =
            Source.<org.playhead.protocol.session.v1.HeartbeatRequest>queue(4)
                .preMaterialize(system);
    queue = requests.first();
    channels
        .streaming(node, target.slot())
        .streamHeartbeats()
        .addHeader("authorization", target.authorization())
        .invoke(requests.second())
        .runWith(Sink.foreach(command -> onCommand(streamGeneration, command)), system)
        .whenComplete(
            (done, failure) ->
                ended(
                    streamGeneration,
                    failure == null ? "stream ended" : "stream failed: " + describe(failure)));
  }

  private synchronized void onCommand(long streamGeneration, PlayerCommand command) {
    if (streamGeneration != generation) {
      return;
    }
    if (command.hasHeartbeatAck()) {
      complete(CallResult.ok(command.getHeartbeatAck().getPositionMs()));
    } else if (command.hasRejected()) {
      var rejected = command.getRejected();
      io.grpc.Status status =
          io.grpc.Status.fromCode(io.grpc.Status.Code.valueOf(rejected.getCode()))
              .withDescription(rejected.getDetail());
      complete(GrpcPlayerApi.classify(status, null, false));
    } else if (command.hasStop()) {
      String reason = GrpcPlayerApi.reasonName(command.getStop().getReason());
      // The server ends the stream after a stop: the next report opens a new one.
      detach();
      if (pending != null) {
        complete(CallResult.ended(reason));
      } else {
        pushes.stoppedByServer(command.getStop().getSessionId(), reason);
      }
    }
  }

  private synchronized void ended(long streamGeneration, String why) {
    if (streamGeneration != generation) {
      return;
    }
    detach();
    if (pending != null) {
      complete(CallResult.unavailable(why));
    }
  }

  private synchronized void timedOut(long streamGeneration) {
    if (streamGeneration == generation && pending != null) {
      fail(
          streamGeneration,
          "timeout: no answer on the stream within " + timeout.toMillis() + " ms");
    }
  }

  /** The stream is no good any more: drop it and fail the report in flight. */
  private void fail(long streamGeneration, String why) {
    complete(CallResult.unavailable(why));
    if (streamGeneration == generation) {
      close();
    }
  }

  private void complete(CallResult result) {
    if (pendingTimeout != null) {
      pendingTimeout.cancel(false);
      pendingTimeout = null;
    }
    CompletableFuture<CallResult> answer = pending;
    pending = null;
    if (answer != null) {
      answer.complete(result);
    }
  }

  /** Forgets the current stream without touching it (it ended on its own). */
  private void detach() {
    generation++;
    queue = null;
    node = -1;
  }

  /**
   * Ends the stream the way a player hangs up: by completing its side (the server then completes
   * its own), never by cancelling. A cancelled HTTP/2 stream (RST_STREAM) can make the node close
   * the whole connection (pekko-http 1.3.0 logs "HTTP2 connection failed ...
   * PeerClosedStreamException ... closing connection"), failing every other call on it.
   */
  @Override
  public synchronized void close() {
    BoundedSourceQueue<org.playhead.protocol.session.v1.HeartbeatRequest> q = queue;
    detach();
    if (q != null) {
      q.complete();
    }
    if (pending != null) {
      complete(CallResult.unavailable("stream closed by the player"));
    }
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : " " + cause.getMessage());
  }
}
