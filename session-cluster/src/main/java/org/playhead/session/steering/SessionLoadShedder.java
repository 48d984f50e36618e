package org.playhead.session.steering;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steering and manifest requests per session, before the node's {@link LoadShedder}: one session
 * polling in a loop is refused (429 with {@code Retry-After}) by its own bucket and never spends
 * the node's, so it cannot starve the other sessions. Players poll steering once per TTL (60 s) and
 * fetch a manifest or two at start; the default burst of 10 and 1 a second leaves them far inside
 * it.
 *
 * <p>Each session's bucket is one GCRA arrival time. Buckets live in a Caffeine cache bounded by
 * count and idle time: a session forgotten under a flood of session ids starts again with a full
 * burst, which the node's bucket still bounds.
 */
public final class SessionLoadShedder {
  private final Clock clock;
  private final long intervalMs;
  private final long toleranceMs;
  private final Cache<String, AtomicLong> buckets;

  /**
   * @param burst requests a session may make at once
   * @param perSecond requests a session may make each second after its burst
   * @param maxSessions buckets kept at once
   */
  public SessionLoadShedder(int burst, double perSecond, int maxSessions, Clock clock) {
    if (burst < 1 || perSecond <= 0 || maxSessions < 1) {
      throw new IllegalArgumentException("burst, rate and sessions must be positive");
    }
    this.clock = clock;
    this.intervalMs = Math.max(1, Math.round(1000 / perSecond));
    this.toleranceMs = (burst - 1) * intervalMs;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxSessions)
            // A bucket idle for its whole burst's refill is full: forgetting it changes nothing.
            .expireAfterAccess(Duration.ofMillis(toleranceMs + intervalMs))
            .build();
  }

  /** Whether the session may make one more request now (and counts it if so). */
  public boolean tryAcquire(String sessionId) {
    long now = clock.millis();
    AtomicLong arrival = buckets.get(sessionId, id -> new AtomicLong(0));
    while (true) {
      long current = arrival.get();
      if (current - toleranceMs > now) {
        return false;
      }
      if (arrival.compareAndSet(current, Math.max(current, now) + intervalMs)) {
        return true;
      }
    }
  }
}
