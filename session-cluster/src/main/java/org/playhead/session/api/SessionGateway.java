package org.playhead.session.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.playhead.session.Account;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.PlaybackSession;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.ProfileBookmarks;
import org.playhead.session.SessionFacts;
import org.playhead.session.ShardedLinks;
import org.playhead.session.StopReason;
import org.playhead.session.metrics.PlayheadMetrics;
import org.playhead.session.metrics.PlayheadMetrics.AdmissionDenial;
import org.playhead.session.security.Principal;

/** The one way the HTTP and gRPC adapters reach session entities: an ask through sharding. */
public final class SessionGateway {
  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final PlayheadMetrics metrics;

  public SessionGateway(ActorSystem<?> system, Duration askTimeout, PlayheadMetrics metrics) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    this.metrics = metrics;
  }

  /**
   * What a start came to: the account's admission and, when admitted, the session's answer.
   *
   * @param session {@code null} unless the account admitted the stream
   */
  public record StartResult(Account.AdmitReply admission, Reply session) {}

  /**
   * StartPlayback as one call: the account admits the stream against its plan (stopping what the
   * termination tokens name), the profile's bookmark gives the resume position, and the session
   * starts there. The admission comes first, so no stream ever plays without a slot.
   *
   * @param tokenIssuedAt the player token's {@code iat}: the account refuses it if it signed out
   *     every device since
   */
  public CompletionStage<StartResult> startPlayback(
      String sessionId,
      SessionFacts facts,
      List<String> terminationTokens,
      java.time.Instant tokenIssuedAt) {
    // The new session's entity recovers (its journal and snapshot reads) while the account
    // decides, instead of after it: the start then waits for one write, not reads and a write.
    sharding.entityRefFor(PlaybackSession.ENTITY_KEY, sessionId).tell(PlaybackSession.warmUp());
    CompletionStage<Account.AdmitReply> admission =
        DirectReplies.of(
            sharding
                .entityRefFor(Account.ENTITY_KEY, facts.accountId())
                .ask(
                    replyTo ->
                        new Account.Admit(
                            new Account.StreamRequest(
                                sessionId,
                                facts.profileId(),
                                facts.device().deviceId(),
                                facts.device().deviceType(),
                                facts.titleId()),
                            terminationTokens,
                            tokenIssuedAt.toEpochMilli(),
                            replyTo),
                    askTimeout));
    CompletionStage<Long> resume = resumePosition(facts);
    return admission.thenCompose(
        admit ->
            switch (admit.outcome()) {
              case ADMITTED, ALREADY_ADMITTED ->
                  resume.thenCompose(
                      position ->
                          start(sessionId, facts, position)
                              .thenApply(
                                  reply -> {
                                    if (admit.outcome() == Account.AdmitOutcome.ADMITTED
                                        && reply.outcome() != PlaybackSession.Outcome.OK) {
                                      // The session refused (its id is another stream's): the
                                      // slot just taken must not wait for its lease to free.
                                      sharding
                                          .entityRefFor(Account.ENTITY_KEY, facts.accountId())
                                          .tell(
                                              new Account.Release(
                                                  sessionId,
                                                  StopReason.REVOKED,
                                                  System.currentTimeMillis()));
                                    }
                                    return new StartResult(admit, reply);
                                  }));
              case LIMIT_REACHED, DEVICE_LIMIT_REACHED, SESSION_ENDED, TOKEN_REVOKED -> {
                metrics.admissionDenied(denial(admit.outcome()));
                yield CompletableFuture.completedFuture(new StartResult(admit, null));
              }
            });
  }

  private static AdmissionDenial denial(Account.AdmitOutcome outcome) {
    return switch (outcome) {
      case DEVICE_LIMIT_REACHED -> AdmissionDenial.DEVICE_LIMIT;
      case SESSION_ENDED -> AdmissionDenial.SESSION_ENDED;
      case TOKEN_REVOKED -> AdmissionDenial.TOKEN_REVOKED;
      default -> AdmissionDenial.STREAM_LIMIT;
    };
  }

  /** The profile's bookmark for the title; a slow bookmark store starts at 0 rather than fail. */
  private CompletionStage<Long> resumePosition(SessionFacts facts) {
    return DirectReplies.of(
            sharding
                .entityRefFor(
                    ProfileBookmarks.ENTITY_KEY,
                    ShardedLinks.bookmarksId(facts.accountId(), facts.profileId()))
                .<ProfileBookmarks.ResumePosition>ask(
                    replyTo -> new ProfileBookmarks.GetResume(facts.titleId(), replyTo),
                    askTimeout))
        .thenApply(ProfileBookmarks.ResumePosition::positionMs)
        .exceptionally(failure -> 0L);
  }

  public CompletionStage<Reply> start(String sessionId, SessionFacts facts, long resumePositionMs) {
    return DirectReplies.of(
        sharding
            .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
            .ask(
                replyTo -> new PlaybackSession.Start(facts, resumePositionMs, replyTo),
                askTimeout));
  }

  /**
   * @param caller the player asking, or {@code null} for a trusted caller (care, SRE)
   */
  public CompletionStage<Reply> heartbeat(
      String sessionId, HeartbeatReport report, PlaybackSession.Caller caller) {
    return heartbeat(sessionId, report, caller, null);
  }

  /**
   * @param pushTo the player's open heartbeat stream, told at once when the session ends
   */
  public CompletionStage<Reply> heartbeat(
      String sessionId,
      HeartbeatReport report,
      PlaybackSession.Caller caller,
      ActorRef<PlaybackSession.StopNotice> pushTo) {
    long askedAt = System.nanoTime();
    CompletableFuture<Reply> reply =
        DirectReplies.of(
            sharding
                .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
                .ask(
                    replyTo -> new PlaybackSession.Heartbeat(report, caller, pushTo, replyTo),
                    askTimeout));
    // Timed here, where HTTP and gRPC meet: the meters are looked up by outcome, never built.
    reply.whenComplete(
        (answer, failure) -> {
          long nanos = System.nanoTime() - askedAt;
          if (failure == null) {
            metrics.heartbeatAnswered(answer.outcome(), nanos);
          } else {
            metrics.heartbeatFailed(nanos);
          }
        });
    return reply;
  }

  /**
   * The reports of one CMCD body as one command (at most one journal write for all of them).
   *
   * @param caller the player asking, or {@code null} when the session's report URL vouches
   */
  public CompletionStage<PlaybackSession.BatchReply> heartbeats(
      String sessionId, List<HeartbeatReport> reports, PlaybackSession.Caller caller) {
    long askedAt = System.nanoTime();
    CompletableFuture<PlaybackSession.BatchReply> reply =
        DirectReplies.of(
            sharding
                .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
                .ask(
                    replyTo -> new PlaybackSession.HeartbeatBatch(reports, caller, replyTo),
                    askTimeout));
    reply.whenComplete(
        (answer, failure) -> {
          long nanos = System.nanoTime() - askedAt;
          if (failure == null) {
            metrics.heartbeatAnswered(answer.reply().outcome(), nanos);
          } else {
            metrics.heartbeatFailed(nanos);
          }
        });
    return reply;
  }

  public CompletionStage<Reply> stop(
      String sessionId, StopReason reason, long finalPositionMs, PlaybackSession.Caller caller) {
    return DirectReplies.of(
        sharding
            .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
            .ask(
                replyTo -> new PlaybackSession.Stop(reason, finalPositionMs, caller, replyTo),
                askTimeout));
  }

  public CompletionStage<Reply> get(String sessionId, PlaybackSession.Caller caller) {
    return DirectReplies.of(
        sharding
            .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
            .ask(replyTo -> new PlaybackSession.Get(caller, replyTo), askTimeout));
  }

  /**
   * Steering for a session: the session ranks the caches for its player (with the caches that
   * player reported failing demoted) and persists the decision when it changed.
   *
   * @param caller the player asking, or {@code null} when the steering URL's signature vouches
   */
  public CompletionStage<PlaybackSession.SteerReply> steer(
      String sessionId, String clientAddress, String trigger, PlaybackSession.Caller caller) {
    return DirectReplies.of(
        sharding
            .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
            .ask(
                replyTo -> new PlaybackSession.Steer(clientAddress, trigger, caller, replyTo),
                askTimeout));
  }

  /** The profile's titles in progress, most recently watched first. */
  public CompletionStage<ProfileBookmarks.ContinueWatching> continueWatching(
      String accountId, String profileId, int limit) {
    return DirectReplies.of(
        sharding
            .entityRefFor(
                ProfileBookmarks.ENTITY_KEY, ShardedLinks.bookmarksId(accountId, profileId))
            .ask(replyTo -> new ProfileBookmarks.GetContinueWatching(limit, replyTo), askTimeout));
  }

  public CompletionStage<Account.AccountView> account(String accountId) {
    return DirectReplies.of(
        sharding
            .entityRefFor(Account.ENTITY_KEY, accountId)
            .ask(Account.GetAccount::new, askTimeout));
  }

  /** A customer-care action on an account; the command carries who and why. */
  public CompletionStage<Account.CareReply> careAction(
      String accountId,
      org.apache.pekko.japi.function.Function<
              org.apache.pekko.actor.typed.ActorRef<Account.CareReply>, Account.Command>
          command) {
    return DirectReplies.of(
        sharding.entityRefFor(Account.ENTITY_KEY, accountId).ask(command, askTimeout));
  }

  /** Ends a session directly, for when its account no longer holds its slot. */
  public void revoke(String sessionId, StopReason reason, String detail) {
    sharding
        .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
        .tell(new PlaybackSession.Revoke(reason, detail));
  }

  /** The player's identity as the session entity checks it. */
  public static PlaybackSession.Caller caller(Principal.Player player) {
    return new PlaybackSession.Caller(player.accountId(), player.profileId(), player.deviceId());
  }
}
