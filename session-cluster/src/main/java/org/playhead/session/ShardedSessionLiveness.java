package org.playhead.session;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.playhead.license.SessionLiveness;

/**
 * The license service's port to sessions, answered by the sharded {@link PlaybackSession} entity as
 * a trusted caller. The entity ends a session whose lease ran out before it answers, so an expired
 * session is never reported live.
 */
public final class ShardedSessionLiveness implements SessionLiveness {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public ShardedSessionLiveness(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<SessionStatus> check(String sessionId) {
    return sharding
        .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
        .<PlaybackSession.Reply>ask(replyTo -> new PlaybackSession.Get(null, replyTo), timeout)
        .thenApply(ShardedSessionLiveness::status);
  }

  static SessionStatus status(PlaybackSession.Reply reply) {
    SessionView view = reply.session();
    if (reply.outcome() == PlaybackSession.Outcome.NOT_FOUND || view == null) {
      return SessionStatus.unknown();
    }
    SessionFacts f = view.facts();
    if (view.phase() == SessionPhase.STOPPED) {
      String reason =
          view.stopReason() == null ? "stopped" : view.stopReason().name().toLowerCase(Locale.ROOT);
      return SessionStatus.ended(f.accountId(), f.device().deviceId(), f.titleId(), reason);
    }
    return SessionStatus.live(f.accountId(), f.device().deviceId(), f.titleId());
  }
}
