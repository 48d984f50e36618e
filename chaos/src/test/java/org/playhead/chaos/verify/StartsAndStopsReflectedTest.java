package org.playhead.chaos.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;

class StartsAndStopsReflectedTest {
  private final StartsReflected starts = new StartsReflected();
  private final StopsReflected stops = new StopsReflected();

  @Test
  void acknowledgedStartsThatExistAndWereAdmittedPass() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .seenLive("s1", "PLAYING", 10_000)
            .accountJournal(Drill.ACCOUNT, Drill.admitted("s1", Drill.ms(0)));
    assertTrue(starts.check(drill.evidence()).isEmpty());
  }

  @Test
  void aStartThePlanRefusedNeedNotExist() {
    Drill drill =
        new Drill()
            .op(
                "s1",
                0,
                OperationKind.START,
                false,
                0,
                Operation.REFUSED_PREFIX + "409 stream-limit")
            .seen(SessionObservation.notFound("s1"));
    assertTrue(starts.check(drill.evidence()).isEmpty());
  }

  @Test
  void catchesAnAcknowledgedStartThatVanished() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .played("s2", 0, 10)
            .seenLive("s1", "PLAYING", 10_000)
            .seen(SessionObservation.notFound("s2"))
            .accountJournal(Drill.ACCOUNT, Drill.admitted("s1", 0), Drill.admitted("s2", 0));
    List<Violation> violations = starts.check(drill.evidence());
    assertEquals(1, violations.size());
    assertEquals(Rules.START_REFLECTED, violations.get(0).rule());
    assertEquals(List.of("s2"), violations.get(0).sessionIds());
  }

  @Test
  void catchesAnAcknowledgedStartTheAccountNeverAdmitted() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .played("s2", 0, 10)
            .seenLive("s1", "PLAYING", 10_000)
            .seenLive("s2", "PLAYING", 10_000)
            .accountJournal(Drill.ACCOUNT, Drill.admitted("s1", 0));
    List<Violation> violations = starts.check(drill.evidence());
    assertEquals(List.of("s2"), violations.get(0).sessionIds());
    assertTrue(violations.get(0).detail().contains("never admitted"));
  }

  @Test
  void catchesAStartThatShowsUnderAnotherAccount() {
    Drill drill =
        new Drill()
            .played("s1", 0, 4)
            .seen(SessionObservation.live("s1", "someone-else", "PLAYING", 4_000, 0));
    assertEquals(List.of("s1"), starts.check(drill.evidence()).get(0).sessionIds());
  }

  @Test
  void acknowledgedStopsThatShowStoppedPass() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .op("s1", 11, OperationKind.STOP, true, 11_000)
            .seenStopped("s1", "USER", 11_000, 11);
    assertTrue(stops.check(drill.evidence()).isEmpty());
  }

  @Test
  void anUnacknowledgedStopMayOrMayNotHaveHappened() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .op("s1", 11, OperationKind.STOP, false, 11_000)
            .seenLive("s1", "PLAYING", 10_000);
    assertTrue(stops.check(drill.evidence()).isEmpty());
  }

  @Test
  void catchesAnAcknowledgedStopThatDidNotStick() {
    Drill drill =
        new Drill()
            .played("s1", 0, 10)
            .op("s1", 11, OperationKind.STOP, true, 11_000)
            .played("s2", 0, 10)
            .op("s2", 11, OperationKind.STOP, true, 11_000)
            .seenLive("s1", "PLAYING", 10_000)
            .seenStopped("s2", "USER", 11_000, 11);
    List<Violation> violations = stops.check(drill.evidence());
    assertEquals(1, violations.size());
    assertEquals(Rules.STOP_REFLECTED, violations.get(0).rule());
    assertEquals(List.of("s1"), violations.get(0).sessionIds());
  }
}
