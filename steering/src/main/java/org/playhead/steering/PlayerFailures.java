package org.playhead.steering;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's player-reported failures, per cache, within the current failure window: who reported
 * how often, capped per session, so that a single client cannot make a cache unhealthy for
 * everyone. Not thread-safe: owned by one actor.
 *
 * <p>Bounded: per cache at most {@link #MAX_SESSIONS} sessions are remembered (a cache reported by
 * more is failing by any threshold; more sessions still count, without their cap) and at most
 * {@link FailureTally#MAX_NETWORKS} networks.
 */
public final class PlayerFailures {
  static final int MAX_SESSIONS = 1024;

  private final SteeringPolicy policy;
  private final Map<String, Window> windows = new HashMap<>();

  public PlayerFailures(SteeringPolicy policy) {
    this.policy = policy;
  }

  private static final class Window {
    final long startMs;
    final Map<String, Integer> bySession = new HashMap<>();
    final Set<Long> networks = new HashSet<>();
    int reports;
    int sessions;

    Window(long startMs) {
      this.startMs = startMs;
    }
  }

  /**
   * A session's player reported {@code cacheId} failing.
   *
   * @param network the session's client network ({@link ClientNetworks})
   */
  public void record(String cacheId, String sessionId, long network, long nowMs) {
    Window window = windows.get(cacheId);
    if (window == null || nowMs - window.startMs >= policy.failureWindowMs()) {
      window = new Window(nowMs);
      windows.put(cacheId, window);
    }
    Integer before = window.bySession.get(sessionId);
    if (before == null) {
      window.sessions++;
      window.reports++;
      if (window.bySession.size() < MAX_SESSIONS) {
        window.bySession.put(sessionId, 1);
      }
    } else if (before < policy.maxReportsPerSession()) {
      window.reports++;
      window.bySession.put(sessionId, before + 1);
    }
    if (window.networks.size() < FailureTally.MAX_NETWORKS) {
      window.networks.add(network);
    }
  }

  /** Each cache's tally in its current window (windows that ended are left out and forgotten). */
  public Map<String, FailureTally> tallies(long nowMs) {
    windows.values().removeIf(w -> nowMs - w.startMs >= policy.failureWindowMs());
    Map<String, FailureTally> out = new HashMap<>();
    windows.forEach(
        (cacheId, w) ->
            out.put(
                cacheId,
                new FailureTally(
                    w.reports, w.sessions, List.copyOf(new java.util.TreeSet<>(w.networks)))));
    return out;
  }

  /** When the current window of {@code cacheId} started, or -1 (for the replicated entries). */
  public long windowStartMs(String cacheId) {
    Window w = windows.get(cacheId);
    return w == null ? -1 : w.startMs;
  }
}
