package org.playhead.chaos.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.load.OperationKind;

class PositionsKeptTest {
  private final PositionsKept rule = new PositionsKept();

  @Test
  void losingLessThanACheckpointIntervalIsWithinTheContract() {
    Drill drill = new Drill().played("s1", 0, 40);
    drill.checkpointInterval = Duration.ofSeconds(30);
    drill.seenLive("s1", "PLAYING", 40_000 - 30_000);
    assertTrue(rule.check(drill.evidence()).isEmpty());
  }

  @Test
  void catchesARegressionBeyondTheCheckpointInterval() {
    Drill drill = new Drill().played("s1", 0, 40).played("s2", 0, 40);
    drill.checkpointInterval = Duration.ofSeconds(5);
    drill.seenLive("s1", "PLAYING", 40_000 - 4_000);
    drill.seenLive("s2", "PLAYING", 40_000 - 20_000);
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(1, violations.size());
    assertEquals(Rules.POSITION_KEPT, violations.get(0).rule());
    assertEquals(List.of("s2"), violations.get(0).sessionIds());
    assertTrue(violations.get(0).detail().contains("20000 ms behind"), violations.get(0).detail());
  }

  @Test
  void anAcknowledgedStopsPositionMustShowExactly() {
    Drill drill =
        new Drill()
            .played("exact", 0, 10)
            .op("exact", 11, OperationKind.STOP, true, 11_000)
            .seenStopped("exact", "USER", 11_000, 11)
            .played("behind", 0, 10)
            .op("behind", 11, OperationKind.STOP, true, 11_000)
            .seenStopped("behind", "USER", 10_999, 11);
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(List.of("behind"), violations.get(0).sessionIds());
  }

  @Test
  void aPositionAheadOfThePlayersIsNoRegression() {
    Drill drill = new Drill().played("s1", 0, 10);
    drill.op("s1", 12, OperationKind.HEARTBEAT, false, 12_000); // applied, answer lost
    drill.seenLive("s1", "PLAYING", 12_000);
    assertTrue(rule.check(drill.evidence()).isEmpty());
  }
}
