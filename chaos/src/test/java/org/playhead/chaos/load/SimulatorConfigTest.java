package org.playhead.chaos.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {
  @Test
  void defaultsAreValidAndHoldTheirSessions() {
    SimulatorConfig config = SimulatorConfig.defaults();
    assertEquals(500, config.sessions());
    assertTrue(PlanTier.capacity(PlanTier.DEFAULTS, config.accounts()) >= 500);
    assertTrue(PlanTier.capacity(PlanTier.DEFAULTS, config.accounts() - 1) < 500);
  }

  @Test
  void accountsCycleThroughOneTwoAndFourStreams() {
    assertEquals(1, PlanTier.capacity(PlanTier.DEFAULTS, 1));
    assertEquals(7, PlanTier.capacity(PlanTier.DEFAULTS, 3));
    assertEquals(8, PlanTier.capacity(PlanTier.DEFAULTS, 4));
    assertEquals(3, PlanTier.accountsFor(PlanTier.DEFAULTS, 7));
    assertEquals(4, PlanTier.accountsFor(PlanTier.DEFAULTS, 8));
    assertEquals(2144, PlanTier.accountsFor(PlanTier.DEFAULTS, 5000));
  }

  @Test
  void refusesWhatCannotBeSimulated() {
    Duration second = Duration.ofSeconds(1);
    assertThrows(
        IllegalArgumentException.class, () -> new SimulatorConfig(0, 1, second, 1, 0, 0, 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SimulatorConfig(10, 2, second, 1, 0, 0, 0, 1),
        "two accounts hold three streams, not ten");
    assertThrows(
        IllegalArgumentException.class,
        () -> new SimulatorConfig(10, 11, second, 1, 0, 0, 0, 1),
        "more accounts than sessions");
    assertThrows(
        IllegalArgumentException.class,
        () -> new SimulatorConfig(10, 5, second, 0.5, 0.2, 0.2, 0, 1),
        "shares sum to 0.9");
    assertThrows(
        IllegalArgumentException.class,
        () -> new SimulatorConfig(10, 5, second, 1.5, -0.5, 0, 0, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SimulatorConfig(10, 5, Duration.ofMillis(10), 1, 0, 0, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new SimulatorConfig(10, 5, second, 1, 0, 0, -1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SimulatorConfig(10, 5, second, 1, 0, 0, Double.NaN, 1));
  }

  @Test
  void withersKeepTheRest() {
    SimulatorConfig config =
        SimulatorConfig.forSessions(100)
            .withHeartbeatInterval(Duration.ofSeconds(2))
            .withChurnPerSecond(3)
            .withTransportShares(0, 0, 1)
            .withSeed(9);
    assertEquals(100, config.sessions());
    assertEquals(Duration.ofSeconds(2), config.heartbeatInterval());
    assertEquals(3, config.churnPerSecond());
    assertEquals(1, config.httpShare());
    assertEquals(9, config.seed());
  }

  @Test
  void tuningRefusesNonsense() {
    SimulatorTuning tuning = SimulatorTuning.defaults();
    assertThrows(IllegalArgumentException.class, () -> tuning.withRequestTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> tuning.withAccountPrefix("no spaces"));
    assertThrows(IllegalArgumentException.class, () -> tuning.withRamp(0, 1));
    assertThrows(IllegalArgumentException.class, () -> tuning.withRamp(10, 0));
    assertTrue(
        !SimulatorTuning.defaults().accountPrefix().equals(tuning.accountPrefix()),
        "every run gets fresh accounts");
  }
}
