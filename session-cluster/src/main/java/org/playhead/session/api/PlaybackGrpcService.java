package org.playhead.session.api;

import static org.playhead.session.api.GrpcStatuses.describe;
import static org.playhead.session.api.GrpcStatuses.guarded;
import static org.playhead.session.api.GrpcStatuses.ok;
import static org.playhead.session.api.GrpcStatuses.status;
import static org.playhead.session.api.GrpcStatuses.unavailable;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.apache.pekko.grpc.javadsl.MetadataBuilder;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.apache.pekko.util.ByteString;
import org.playhead.protocol.session.v1.ConflictingStream;
import org.playhead.protocol.session.v1.GetSessionRequest;
import org.playhead.protocol.session.v1.HeartbeatRejected;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.protocol.session.v1.HeartbeatResponse;
import org.playhead.protocol.session.v1.PlaybackServicePowerApi;
import org.playhead.protocol.session.v1.PlayerCommand;
import org.playhead.protocol.session.v1.Session;
import org.playhead.protocol.session.v1.StartPlaybackRequest;
import org.playhead.protocol.session.v1.StartPlaybackResponse;
import org.playhead.protocol.session.v1.StopCommand;
import org.playhead.protocol.session.v1.StopPlaybackRequest;
import org.playhead.protocol.session.v1.StopPlaybackResponse;
import org.playhead.protocol.session.v1.StreamConflicts;
import org.playhead.session.Account;
import org.playhead.session.PlaybackSession;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.SessionSettings;
import org.playhead.session.StopReason;
import org.playhead.session.security.GrpcAuth;
import org.playhead.session.security.Principal;
import org.playhead.session.security.ReportUrls;
import org.playhead.session.security.Role;
import org.playhead.session.security.Verification;

/** The player API over gRPC: a thin mapping onto {@link SessionGateway}. */
public final class PlaybackGrpcService implements PlaybackServicePowerApi {
  private final SessionGateway gateway;
  private final SessionSettings settings;
  private final GrpcAuth auth;
  private final org.apache.pekko.actor.typed.ActorSystem<?> system;

  /** Completes a stream's push source when the stream ends (never sent by a session). */
  private static final PlaybackSession.StopNotice STREAM_CLOSED =
      new PlaybackSession.StopNotice("", org.playhead.session.StopReason.USER, "stream closed");

  private final StartRateLimiter startLimiter;
  private final LicenseGrants licenses;
  private final SteeringStep steering;
  private final ReportUrls reportUrls;

  public PlaybackGrpcService(
      SessionGateway gateway,
      SessionSettings settings,
      GrpcAuth auth,
      org.apache.pekko.actor.typed.ActorSystem<?> system,
      StartRateLimiter startLimiter,
      LicenseGrants licenses,
      SteeringStep steering,
      ReportUrls reportUrls) {
    this.reportUrls = reportUrls;
    this.steering = steering;
    this.system = system;
    this.gateway = gateway;
    this.settings = settings;
    this.auth = auth;
    this.startLimiter = startLimiter;
    this.licenses = licenses;
  }

  @Override
  public CompletionStage<StartPlaybackResponse> startPlayback(
      StartPlaybackRequest in, Metadata metadata) {
    return guarded(
        () -> {
          Verification.Verified token = auth.authenticate(metadata, Set.of(Role.PLAYER));
          Principal.Player player = (Principal.Player) token.principal();
          StartInput.ValidStart start =
              new StartInput(
                      in.getSessionId(),
                      in.getAccountId(),
                      in.getProfileId(),
                      in.getDevice().getDeviceId(),
                      in.getDevice().getDeviceType(),
                      in.getDevice().getDrmSecurityLevel(),
                      ProtoViews.hdcpName(in.getDevice().getHdcp()),
                      in.getTitleId(),
                      in.getTerminationTokensList())
                  .forPlayer(player)
                  .validate();
          // Before any entity: RESOURCE_EXHAUSTED, the wait in the description.
          startLimiter.requireAllowed(start);
          String clientAddress = ClientAddresses.fromGrpc(metadata);
          String baseUrl = ClientAddresses.baseUrlFromGrpc(metadata);
          return gateway
              .startPlayback(
                  start.sessionId(), start.facts(), start.terminationTokens(), token.issuedAt())
              .thenApply(
                  started -> {
                    if (started.session() == null) {
                      throw refused(started.admission());
                    }
                    Reply reply = ok(started.session(), start.sessionId());
                    StartPlaybackResponse.Builder response =
                        StartPlaybackResponse.newBuilder()
                            .setSession(ProtoViews.session(reply.session()))
                            .setResumePositionMs(reply.session().progress().positionMs())
                            .setHeartbeatIntervalSeconds(
                                (int) settings.heartbeatInterval().toSeconds())
                            .setLeaseTtlSeconds((int) settings.leaseTtl().toSeconds())
                            .addAllEvictedSessionIds(started.admission().evicted())
                            .setOwnerUrl(reply.ownerUrl())
                            .setCmcd(cmcd(reply.session(), baseUrl));
                    return LicenseGrants.addTo(
                            response,
                            licenses.forSession(reply.session(), started.admission().plan()))
                        .build();
                  })
              // The steering step: fields 20-29 of the answer.
              .thenCompose(
                  response ->
                      steering
                          .afterStart(
                              start.sessionId(),
                              start.facts().titleId(),
                              clientAddress,
                              SessionGateway.caller(player))
                          .thenApply(
                              steered ->
                                  response.toBuilder()
                                      .setSteering(ProtoViews.steering(steered))
                                      .build()));
        });
  }

  /** The session's CMCD event target, as the HTTP start answer gives it. */
  private org.playhead.protocol.session.v1.CmcdReporting cmcd(
      org.playhead.session.SessionView session, String baseUrl) {
    long startedAt = session.facts().startedAtMs();
    return org.playhead.protocol.session.v1.CmcdReporting.newBuilder()
        .setReportUrl(baseUrl + reportUrls.path(session.sessionId(), startedAt))
        .setReportUrlExpiresAtMs(reportUrls.expiresAtMs(startedAt))
        .setSessionId(session.sessionId())
        .setContentId(session.facts().titleId())
        .setIntervalSeconds((int) settings.heartbeatInterval().toSeconds())
        .build();
  }

  @Override
  public CompletionStage<HeartbeatResponse> heartbeat(HeartbeatRequest in, Metadata metadata) {
    return guarded(
        () -> {
          PlaybackSession.Caller caller = SessionGateway.caller(auth.player(metadata));
          HeartbeatInputs.Incoming incoming = HeartbeatInputs.fromGrpc(in);
          return gateway
              .heartbeat(incoming.sessionId(), incoming.report(), caller)
              .thenApply(reply -> ProtoViews.heartbeat(ok(reply, incoming.sessionId()), settings));
        });
  }

  @Override
  public Source<PlayerCommand, NotUsed> streamHeartbeats(
      Source<HeartbeatRequest, NotUsed> in, Metadata metadata) {
    Verification.Verified verified;
    try {
      verified = auth.authenticate(metadata, Set.of(Role.PLAYER));
    } catch (GrpcServiceException refused) {
      return Source.failed(refused);
    }
    PlaybackSession.Caller caller = SessionGateway.caller((Principal.Player) verified.principal());
    // The session tells this stream at once when it ends (evicted, revoked by care): the player
    // need not wait for its next heartbeat.
    Pair<ActorRef<PlaybackSession.StopNotice>, Source<PlaybackSession.StopNotice, NotUsed>> pushed =
        ActorSource.<PlaybackSession.StopNotice>actorRef(
                notice -> notice == STREAM_CLOSED,
                notice -> Optional.empty(),
                8,
                OverflowStrategy.dropHead())
            .preMaterialize(system);
    Source<PlayerCommand, NotUsed> stops =
        pushed
            .second()
            .map(
                notice ->
                    PlayerCommand.newBuilder()
                        .setStop(
                            StopCommand.newBuilder()
                                .setSessionId(notice.sessionId())
                                .setReason(ProtoViews.stopReason(notice.reason()))
                                .setDetail(notice.detail()))
                        .build());
    // A stream lives for hours; it ends when its token does, and the player reopens it with a
    // fresh one.
    Duration tokenLeft = Duration.between(Instant.now(), verified.expiresAt());
    return in.mapAsync(1, heartbeat -> streamed(heartbeat, caller, pushed.first()))
        .merge(stops, true)
        .takeWhile(command -> !command.hasStop(), true)
        .takeWithin(tokenLeft.isNegative() ? Duration.ZERO : tokenLeft)
        .watchTermination(
            (notUsed, done) -> {
              // The pushed source has no end of its own: stop its actor with the stream.
              done.whenComplete((ok, failure) -> pushed.first().tell(STREAM_CLOSED));
              return NotUsed.getInstance();
            });
  }

  /** One streamed heartbeat: an ack, a rejection that keeps the stream open, or a stop. */
  private CompletionStage<PlayerCommand> streamed(
      HeartbeatRequest in,
      PlaybackSession.Caller caller,
      ActorRef<PlaybackSession.StopNotice> pushTo) {
    HeartbeatInputs.Incoming incoming;
    try {
      incoming = HeartbeatInputs.fromGrpc(in);
    } catch (RequestRejectedException e) {
      return CompletableFuture.completedFuture(rejected(in, e.problem()));
    }
    return gateway
        .heartbeat(incoming.sessionId(), incoming.report(), caller, pushTo)
        .handle(
            (reply, failure) -> {
              if (failure != null) {
                return rejected(in, unavailable(failure));
              }
              if (reply.outcome() == Outcome.OK) {
                return PlayerCommand.newBuilder()
                    .setHeartbeatAck(ProtoViews.heartbeat(reply, settings))
                    .build();
              }
              if (reply.outcome() == Outcome.ENDED) {
                StopReason reason = reply.session().stopReason();
                return PlayerCommand.newBuilder()
                    .setStop(
                        StopCommand.newBuilder()
                            .setSessionId(incoming.sessionId())
                            .setReason(ProtoViews.stopReason(reason))
                            .setDetail(reply.detail()))
                    .build();
              }
              return rejected(in, ReplyProblems.of(reply, incoming.sessionId()));
            });
  }

  @Override
  public CompletionStage<StopPlaybackResponse> stopPlayback(
      StopPlaybackRequest in, Metadata metadata) {
    return guarded(
        () -> {
          PlaybackSession.Caller caller = SessionGateway.caller(auth.player(metadata));
          StartInput.requireSessionId(in.getSessionId());
          StopReason reason =
              switch (in.getReason()) {
                case STOP_REASON_UNSPECIFIED, STOP_REASON_USER -> StopReason.USER;
                case STOP_REASON_ENDED -> StopReason.ENDED;
                default -> PlaybackHttpRoutes.playerStopReason(in.getReason().name());
              };
          long playhead = in.hasPlayheadMs() ? in.getPlayheadMs() : -1;
          if (in.hasPlayheadMs() && (playhead < 0 || playhead > HeartbeatInputs.MAX_PLAYHEAD_MS)) {
            throw new RequestRejectedException(
                Problem.invalid(
                    "The stop request has invalid fields.",
                    java.util.List.of(
                        new Problem.FieldError(
                            "playhead_ms", "must be 0 to " + HeartbeatInputs.MAX_PLAYHEAD_MS))));
          }
          return gateway
              .stop(in.getSessionId(), reason, playhead, caller)
              .thenApply(
                  reply ->
                      StopPlaybackResponse.newBuilder()
                          .setSession(ProtoViews.session(ok(reply, in.getSessionId()).session()))
                          .build());
        });
  }

  @Override
  public CompletionStage<Session> getSession(GetSessionRequest in, Metadata metadata) {
    return guarded(
        () -> {
          PlaybackSession.Caller caller = SessionGateway.caller(auth.player(metadata));
          StartInput.requireSessionId(in.getSessionId());
          return gateway
              .get(in.getSessionId(), caller)
              .thenApply(reply -> ProtoViews.session(ok(reply, in.getSessionId()).session()));
        });
  }

  // --- errors --------------------------------------------------------------------------------

  /** A refused admission: FAILED_PRECONDITION, with the streams in the way as metadata. */
  private static GrpcServiceException refused(Account.AdmitReply refusal) {
    Problem problem = AdmissionProblems.of(refusal);
    StreamConflicts.Builder conflicts = StreamConflicts.newBuilder();
    for (Problem.ConflictingStream c : problem.streams()) {
      conflicts.addStreams(
          ConflictingStream.newBuilder()
              .setSessionId(c.sessionId())
              .setProfileId(c.profileId())
              .setDeviceId(c.deviceId())
              .setTitleId(c.titleId())
              .setStartedAtMs(c.startedAtMs())
              .setTerminationToken(c.terminationToken())
              .setReservedUntilMs(c.reservedUntilMs()));
    }
    return new GrpcServiceException(
        status(problem),
        new MetadataBuilder()
            .addBinary(CONFLICTS_METADATA, ByteString.fromArray(conflicts.build().toByteArray()))
            .build());
  }

  /** Where a refused start lists the streams in the way (a serialized StreamConflicts). */
  public static final String CONFLICTS_METADATA = "playhead-stream-conflicts-bin";

  private static PlayerCommand rejected(HeartbeatRequest in, Problem problem) {
    return PlayerCommand.newBuilder()
        .setRejected(
            HeartbeatRejected.newBuilder()
                .setSequenceNumber(in.getSequenceNumber())
                .setCode(status(problem).getCode().name())
                .setDetail(describe(problem)))
        .build();
  }
}
