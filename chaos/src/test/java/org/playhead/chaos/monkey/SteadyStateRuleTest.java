package org.playhead.chaos.monkey;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SteadyStateRuleTest {
  private final SteadyStateRule rule = SteadyStateRule.defaults();
  private final SteadyFigures baseline = new SteadyFigures(10, 0.999);

  @Test
  void deviatesWhenStartsHalveOrHeartbeatsFail() {
    assertTrue(rule.deviation(baseline, new SteadyFigures(6, 0.99)).isEmpty());
    assertTrue(rule.deviation(baseline, new SteadyFigures(4.9, 0.999)).get().contains("starts/s"));
    assertTrue(rule.deviation(baseline, new SteadyFigures(10, 0.94)).get().contains("heartbeat"));
  }

  @Test
  void noStartsInTheBaselineMeansStartsCannotDeviate() {
    assertTrue(rule.deviation(new SteadyFigures(0, 1), new SteadyFigures(0, 1)).isEmpty());
  }
}
