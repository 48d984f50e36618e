package org.playhead.chaos.monkey;

import java.time.Duration;
import java.util.Optional;

/**
 * When the steady state has deviated enough to stop the experiment: starts per second fell by more
 * than {@code maxStartsDrop} (a fraction of the baseline), or the heartbeat success rate fell more
 * than {@code maxSuccessDrop} (absolute) below the baseline's, for at least {@code deviationFor}
 * outside the {@code graceAfterKill} a kill is allowed to disturb players.
 */
public record SteadyStateRule(
    double maxStartsDrop, double maxSuccessDrop, Duration graceAfterKill, Duration deviationFor) {

  public SteadyStateRule {
    if (maxStartsDrop <= 0 || maxStartsDrop > 1 || maxSuccessDrop <= 0 || maxSuccessDrop > 1) {
      throw new IllegalArgumentException("drops are fractions in (0, 1]");
    }
    if (graceAfterKill.isNegative() || deviationFor.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  public static SteadyStateRule defaults() {
    return new SteadyStateRule(0.5, 0.05, Duration.ofSeconds(45), Duration.ofSeconds(5));
  }

  /** Why {@code now} deviates from {@code baseline}, if it does. */
  public Optional<String> deviation(SteadyFigures baseline, SteadyFigures now) {
    if (baseline.startsPerSecond() > 0
        && now.startsPerSecond() < baseline.startsPerSecond() * (1 - maxStartsDrop)) {
      return Optional.of(
          String.format(
              java.util.Locale.ROOT,
              "starts/s %.2f below %.0f%% of the baseline %.2f",
              now.startsPerSecond(),
              (1 - maxStartsDrop) * 100,
              baseline.startsPerSecond()));
    }
    if (now.heartbeatSuccessRate() < baseline.heartbeatSuccessRate() - maxSuccessDrop) {
      return Optional.of(
          String.format(
              java.util.Locale.ROOT,
              "heartbeat success %.2f%% more than %.1f points below the baseline %.2f%%",
              now.heartbeatSuccessRate() * 100,
              maxSuccessDrop * 100,
              baseline.heartbeatSuccessRate() * 100));
    }
    return Optional.empty();
  }
}
