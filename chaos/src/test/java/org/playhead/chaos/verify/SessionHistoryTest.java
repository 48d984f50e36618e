package org.playhead.chaos.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;

class SessionHistoryTest {
  @Test
  void readsASessionsFactsFromTheLedger() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .op("s1", 11, OperationKind.HEARTBEAT, false, 11_000)
            .op("s1", 12, OperationKind.STOP, true, 12_000);
    SessionHistory history = drill.evidence().histories().get("s1");
    assertTrue(history.startAcknowledged());
    assertTrue(history.stopAttempted());
    assertEquals(12_000, history.acknowledgedStop().orElseThrow().positionMs());
    assertEquals(Drill.T0.plusSeconds(12), history.lastAttemptAt().orElseThrow());
    assertTrue(history.endedByServer().isEmpty());
    assertEquals(Drill.ACCOUNT, history.accountId());
  }

  @Test
  void learnsWhenThePlayerWasToldItsSessionEnded() {
    Drill drill =
        new Drill()
            .played("s1", 0, 4)
            .op("s1", 6, OperationKind.HEARTBEAT, false, 6_000, Operation.ENDED_PREFIX + "revoked");
    SessionHistory history = drill.evidence().histories().get("s1");
    assertEquals("revoked", history.endedByServer().orElseThrow());
    assertEquals(Drill.T0.plusSeconds(4), history.lastAttemptAt().orElseThrow());
  }

  @Test
  void refusedStartsAreNeitherAcknowledgedNorAttemptsToReachASession() {
    Drill drill =
        new Drill().op("s1", 0, OperationKind.START, false, 0, Operation.REFUSED_PREFIX + "409");
    SessionHistory history = drill.evidence().histories().get("s1");
    assertFalse(history.startAcknowledged());
    assertTrue(history.startRefused());
    assertTrue(history.lastAttemptAt().isEmpty());
  }

  @Test
  void expectedStateFollowsTheLastAcknowledgedPlayStateChange() {
    Drill drill = new Drill().played("s1", 0, 4);
    assertEquals(
        SessionHistory.ExpectedState.PLAYING,
        drill.evidence().histories().get("s1").expectedState());
    drill.op("s1", 5, OperationKind.PAUSE, true, 5_000);
    drill.op("s1", 7, OperationKind.HEARTBEAT, false, 5_000);
    assertEquals(
        SessionHistory.ExpectedState.PAUSED,
        drill.evidence().histories().get("s1").expectedState());
    drill.op("s1", 8, OperationKind.RESUME, false, 5_000);
    assertEquals(
        SessionHistory.ExpectedState.EITHER,
        drill.evidence().histories().get("s1").expectedState());
  }
}
