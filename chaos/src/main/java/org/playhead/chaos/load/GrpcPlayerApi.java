package org.playhead.chaos.load;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.playhead.protocol.session.v1.Device;
import org.playhead.protocol.session.v1.Hdcp;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.protocol.session.v1.PlayerEvent;
import org.playhead.protocol.session.v1.PlayerState;
import org.playhead.protocol.session.v1.StartPlaybackRequest;
import org.playhead.protocol.session.v1.StopPlaybackRequest;
import org.playhead.protocol.session.v1.StopReason;

/**
 * The player API over gRPC: starts and stops are unary calls; heartbeats are unary calls or, for
 * stream players, messages on one bidirectional {@code StreamHeartbeats} stream per session (over
 * {@link GrpcChannels}: unary calls carry a deadline, long-lived streams cannot; a stream's silence
 * is timed by {@link GrpcStreamReporter} instead).
 */
final class GrpcPlayerApi implements PlayerApi {
  /** Where a refused start lists the streams in the way (PlaybackGrpcService). */
  static final Metadata.Key<byte[]> CONFLICTS =
      Metadata.Key.of("playhead-stream-conflicts-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private final GrpcChannels channels;
  private final boolean streamReports;
  private final ClassicActorSystemProvider system;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;

  /**
   * @param streamReports heartbeats on a stream rather than unary calls
   */
  GrpcPlayerApi(
      GrpcChannels channels,
      boolean streamReports,
      ClassicActorSystemProvider system,
      ScheduledExecutorService scheduler,
      Duration timeout) {
    this.channels = channels;
    this.streamReports = streamReports;
    this.system = system;
    this.scheduler = scheduler;
    this.timeout = timeout;
  }

  @Override
  public String transport() {
    return streamReports ? "grpc-stream" : "grpc-unary";
  }

  @Override
  public CompletionStage<CallResult> start(Target target, String sessionId, String titleId) {
    StartPlaybackRequest request =
        StartPlaybackRequest.newBuilder()
            .setSessionId(sessionId)
            .setAccountId(target.owner().accountId())
            .setProfileId(target.owner().profileId())
            .setTitleId(titleId)
            .setDevice(
                Device.newBuilder()
                    .setDeviceId(target.owner().deviceId())
                    .setDeviceType(target.deviceType())
                    .setDrmSecurityLevel(3)
                    .setHdcp(Hdcp.HDCP_V2_2))
            .build();
    return channels
        .unary(target.nodeIndex(), target.slot())
        .startPlayback()
        .addHeader("authorization", target.authorization())
        .invoke(request)
        .thenApply(
            started ->
                CallResult.started(
                        started.getResumePositionMs(),
                        started.getLeaseTtlSeconds() > 0
                            ? Duration.ofSeconds(started.getLeaseTtlSeconds())
                            : null)
                    .withOwner(started.getOwnerUrl()))
        .exceptionally(failure -> failed(failure, true));
  }

  @Override
  public CompletionStage<CallResult> stop(
      Target target, String sessionId, boolean ended, long positionMs) {
    StopReason reason = ended ? StopReason.STOP_REASON_ENDED : StopReason.STOP_REASON_USER;
    StopPlaybackRequest request =
        StopPlaybackRequest.newBuilder()
            .setSessionId(sessionId)
            .setReason(reason)
            .setPlayheadMs(positionMs)
            .build();
    return channels
        .unary(target.nodeIndex(), target.slot())
        .stopPlayback()
        .addHeader("authorization", target.authorization())
        .invoke(request)
        .thenApply(
            stopped -> {
              StopReason answered = stopped.getSession().getStopReason();
              if (answered != reason) {
                return CallResult.ended(reasonName(answered) + " (before the player's stop)");
              }
              return CallResult.ok(stopped.getSession().getPositionMs());
            })
        .exceptionally(failure -> failed(failure, false));
  }

  @Override
  public Reporter reporter(PushListener pushes) {
    if (streamReports) {
      return new GrpcStreamReporter(channels, system, scheduler, timeout, pushes);
    }
    return new Reporter() {
      @Override
      public CompletionStage<CallResult> report(Target target, Report report) {
        return channels
            .unary(target.nodeIndex(), target.slot())
            .heartbeat()
            .addHeader("authorization", target.authorization())
            .invoke(request(report))
            .thenApply(ack -> CallResult.ok(ack.getPositionMs()).withOwner(ack.getOwnerUrl()))
            .exceptionally(failure -> failed(failure, false));
      }

      @Override
      public void close() {}
    };
  }

  static HeartbeatRequest request(Report r) {
    return HeartbeatRequest.newBuilder()
        .setSessionId(r.sessionId())
        .setContentId(r.titleId())
        .setSequenceNumber(r.sequenceNumber())
        .setClientTimeMs(r.clientTimeMs())
        .setPlayheadMs(r.positionMs())
        .setPlayerState(
            r.playing() ? PlayerState.PLAYER_STATE_PLAYING : PlayerState.PLAYER_STATE_PAUSED)
        .setEvent(
            r.playStateChange()
                ? PlayerEvent.PLAYER_EVENT_PLAY_STATE
                : PlayerEvent.PLAYER_EVENT_TIME_INTERVAL)
        .setBufferLengthMs(r.bufferMs())
        .setEncodedBitrateKbps(r.bitrateKbps())
        .setMeasuredThroughputKbps(r.throughputKbps())
        .setStartup(r.startup())
        .setPathway(r.pathway())
        .build();
  }

  static String reasonName(StopReason reason) {
    String name = reason.name();
    return name.startsWith("STOP_REASON_")
        ? name.substring("STOP_REASON_".length()).toLowerCase(Locale.ROOT)
        : name.toLowerCase(Locale.ROOT);
  }

  /** A failed call as a result: the status says whether another node could do better. */
  static CallResult failed(Throwable failure, boolean isStart) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (!(cause instanceof StatusRuntimeException e)) {
      return CallResult.unavailable(
          "no answer: "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
    }
    return classify(e.getStatus(), e.getTrailers(), isStart);
  }

  static CallResult classify(Status status, Metadata trailers, boolean isStart) {
    String description = status.getDescription() == null ? "" : status.getDescription();
    String detail = status.getCode().name() + ": " + description;
    switch (status.getCode()) {
      case FAILED_PRECONDITION:
        String stopReason = stopReasonIn(description);
        if (stopReason != null) {
          return CallResult.ended(stopReason);
        }
        if (isStart) {
          boolean streams = trailers != null && trailers.containsKey(CONFLICTS);
          return CallResult.refused(
              "FAILED_PRECONDITION " + (streams ? "stream-limit" : "device-limit"), null);
        }
        return CallResult.rejected(detail);
      case RESOURCE_EXHAUSTED:
        return isStart
            ? CallResult.refused("RESOURCE_EXHAUSTED rate-limited", null)
            : CallResult.rejected(detail);
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
      case CANCELLED:
      case ABORTED:
      case INTERNAL:
      case UNKNOWN:
        return CallResult.unavailable(detail);
      default:
        return CallResult.rejected(detail);
    }
  }

  /** GrpcStatuses puts {@code stopReason=...} in the description of a session-ended refusal. */
  static String stopReasonIn(String description) {
    int at = description.indexOf("stopReason=");
    if (at < 0) {
      return null;
    }
    String rest = description.substring(at + "stopReason=".length()).trim();
    int end = 0;
    while (end < rest.length() && Character.isLetter(rest.charAt(end))) {
      end++;
    }
    return end == 0 ? "unknown" : rest.substring(0, end).toLowerCase(Locale.ROOT);
  }
}
