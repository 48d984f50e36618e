package org.playhead.session.steering;

import java.time.Clock;

/**
 * A token bucket for steering and manifest requests on one node: past {@code perSecond} (with a
 * one-second burst) requests are refused, and players are told to come back later (429 with {@code
 * Retry-After}, which both dash.js and hls.js honour) rather than piling up.
 */
public final class LoadShedder {
  private final Clock clock;
  private final double perMs;
  private final double capacity;
  private double tokens;
  private long lastMs;

  public LoadShedder(int perSecond, Clock clock) {
    this.clock = clock;
    this.perMs = perSecond / 1000.0;
    this.capacity = perSecond;
    this.tokens = perSecond;
    this.lastMs = clock.millis();
  }

  public synchronized boolean tryAcquire() {
    long now = clock.millis();
    tokens = Math.min(capacity, tokens + (now - lastMs) * perMs);
    lastMs = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
