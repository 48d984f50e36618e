package org.playhead.chaos.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.load.OperationKind;

class StatesReflectedTest {
  private final StatesReflected rule = new StatesReflected();

  @Test
  void anAcknowledgedPauseShowsAsPaused() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .op("s1", 11, OperationKind.PAUSE, true, 11_000)
            .op("s1", 13, OperationKind.HEARTBEAT, true, 11_000)
            .seenLive("s1", "PAUSED", 11_000);
    assertTrue(rule.check(drill.evidence()).isEmpty());
    assertEquals(
        SessionHistory.ExpectedState.PAUSED,
        drill.evidence().histories().get("s1").expectedState());
  }

  @Test
  void aPauseThatWasNotAcknowledgedMayGoEitherWay() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .op("s1", 11, OperationKind.PAUSE, false, 11_000)
            .seenLive("s1", "PLAYING", 10_000);
    assertTrue(rule.check(drill.evidence()).isEmpty());
  }

  @Test
  void aStartWithNoReportYetIsStillStarting() {
    Drill drill =
        new Drill().op("s1", 0, OperationKind.START, true, 0).seenLive("s1", "STARTING", 0);
    assertTrue(rule.check(drill.evidence()).isEmpty());
  }

  @Test
  void catchesAnAcknowledgedPauseThatWasUndone() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .op("s1", 11, OperationKind.PAUSE, true, 11_000)
            .played("s2", 0, 10)
            .op("s2", 11, OperationKind.PAUSE, true, 11_000)
            .op("s2", 12, OperationKind.RESUME, true, 11_000)
            .seenLive("s1", "PLAYING", 11_000)
            .seenLive("s2", "PLAYING", 11_000);
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(1, violations.size());
    assertEquals(Rules.STATE_REFLECTED, violations.get(0).rule());
    assertEquals(List.of("s1"), violations.get(0).sessionIds());
  }
}
