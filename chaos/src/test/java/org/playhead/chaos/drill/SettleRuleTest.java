package org.playhead.chaos.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.report.DrillReport.Stats;

class SettleRuleTest {
  private static Stats stats(long ops, long errors, long p99) {
    return new Stats(
        0, 5000, ops, ops - errors, errors, 0, ops == 0 ? 0 : (double) errors / ops, 1, p99);
  }

  @Test
  void latencyLimitIsTheMoreLenientOfFactorAndSlack() {
    SettleRule rule = SettleRule.defaults();
    assertEquals(23, rule.latencyLimitMs(stats(100, 0, 3)), "3 ms baseline: +20 ms slack");
    assertEquals(150, rule.latencyLimitMs(stats(100, 0, 100)), "100 ms baseline: x1.5");
  }

  @Test
  void aWindowSettlesWhenLatencyAndErrorsAreBackAndItHasTraffic() {
    SettleRule rule = SettleRule.defaults();
    Stats baseline = stats(1000, 1, 10);
    assertTrue(rule.settled(baseline, stats(1000, 2, 30)));
    assertFalse(rule.settled(baseline, stats(1000, 2, 31)), "p99 over the limit");
    assertFalse(rule.settled(baseline, stats(1000, 7, 10)), "0.7% errors over 0.1%+0.5%");
    assertFalse(rule.settled(baseline, stats(0, 0, 0)), "no traffic proves nothing");
  }

  @Test
  void refusesLimitsBelowTheBaseline() {
    assertThrows(
        IllegalArgumentException.class, () -> new SettleRule(Duration.ofSeconds(5), 0.9, 0, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new SettleRule(Duration.ofMillis(500), 1.5, 0, 0));
  }
}
