package org.playhead.session;

import java.util.Set;

/**
 * What a session entity gives analytics, at no cost to its journal: the tags its events carry, so
 * that projections can read them in order and publish them, and each applied heartbeat's figures
 * for quality of experience, which are never persisted.
 */
public interface SessionAnalytics {

  /** The tags of every event of this session, fixed for its life (one of a fixed list). */
  Set<String> tagsFor(String sessionId);

  /**
   * A heartbeat was applied. Called on the entity's own thread: an implementation must return at
   * once, never block and never fail (it drops rather than waits).
   *
   * @param state the session before the heartbeat
   * @param before its freshest progress before the heartbeat
   * @param after its progress with the heartbeat applied
   */
  void heartbeatApplied(
      String sessionId,
      PlaybackSession.Live state,
      SessionPhase phase,
      Progress before,
      HeartbeatReport report,
      Progress after,
      long nowMs);

  /** For behavior tests and tools: no tags, no samples. */
  SessionAnalytics NONE =
      new SessionAnalytics() {
        @Override
        public Set<String> tagsFor(String sessionId) {
          return Set.of();
        }

        @Override
        public void heartbeatApplied(
            String sessionId,
            PlaybackSession.Live state,
            SessionPhase phase,
            Progress before,
            HeartbeatReport report,
            Progress after,
            long nowMs) {}
      };
}
