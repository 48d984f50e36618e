package org.playhead.chaos.drill;

import java.time.Duration;
import org.playhead.chaos.report.DrillReport.Stats;

/**
 * When players are back to normal after a fault: over a whole window, p99 latency is within {@code
 * latencyFactor} of the baseline's (or {@code latencySlackMs} above it, whichever is more lenient:
 * a 3 ms baseline should not demand 4.5 ms), and the error rate is at most {@code errorRateSlack}
 * above the baseline's.
 */
public record SettleRule(
    Duration window, double latencyFactor, long latencySlackMs, double errorRateSlack) {

  public SettleRule {
    if (window.toMillis() < 1000) {
      throw new IllegalArgumentException("settle window must be at least 1s");
    }
    if (latencyFactor < 1.0 || latencySlackMs < 0 || errorRateSlack < 0) {
      throw new IllegalArgumentException("settle limits must not be below the baseline");
    }
  }

  public static SettleRule defaults() {
    return new SettleRule(Duration.ofSeconds(5), 1.5, 20, 0.005);
  }

  public long latencyLimitMs(Stats baseline) {
    return Math.max(
        Math.round(baseline.p99Ms() * latencyFactor), baseline.p99Ms() + latencySlackMs);
  }

  public double errorRateLimit(Stats baseline) {
    return baseline.errorRate() + errorRateSlack;
  }

  /** Whether {@code window} (with operations in it) is back within the limits. */
  public boolean settled(Stats baseline, Stats window) {
    return window.operations() > 0
        && window.p99Ms() <= latencyLimitMs(baseline)
        && window.errorRate() <= errorRateLimit(baseline);
  }
}
