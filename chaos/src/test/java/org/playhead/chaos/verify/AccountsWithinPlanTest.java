package org.playhead.chaos.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountsWithinPlanTest {
  private final AccountsWithinPlan rule = new AccountsWithinPlan();

  @Test
  void streamsWithinThePlanAtEveryMomentPass() {
    Drill drill =
        new Drill()
            .accountJournal(
                "basic-1",
                "basic",
                1,
                Drill.admitted("s1", 2),
                Drill.ended("s1", 3),
                Drill.admitted("s2", 4));
    assertTrue(rule.check(drill.evidence()).isEmpty());
  }

  @Test
  void catchesAnAccountOverItsPlanEvenIfItEndsWithinIt() {
    Drill drill =
        new Drill()
            .played("s1", 0, 4)
            .played("s2", 0, 4)
            .played("s3", 0, 4)
            .accountJournal(
                Drill.ACCOUNT,
                Drill.admitted("s1", 1),
                Drill.admitted("s2", 2),
                Drill.admitted("s3", 3), // a third stream on a two-stream plan
                Drill.ended("s1", 4));
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(1, violations.size());
    assertEquals(Rules.WITHIN_PLAN, violations.get(0).rule());
    assertEquals(Set.of("s1", "s2", "s3"), Set.copyOf(violations.get(0).sessionIds()));
    assertTrue(violations.get(0).detail().contains("3 live streams"), violations.get(0).detail());
    assertTrue(violations.get(0).detail().contains("event #3"), violations.get(0).detail());
  }

  @Test
  void anEndThatTheJournalLostLeavesTheStreamLive() {
    // s1 ended for the players, but its account's journal has no end: s2 then made three.
    Drill drill =
        new Drill()
            .accountJournal(
                "acc-2", Drill.admitted("s1", 1), Drill.admitted("s3", 2), Drill.admitted("s2", 3));
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(1, violations.size());
    assertEquals(Set.of("s1", "s2", "s3"), Set.copyOf(violations.get(0).sessionIds()));
  }

  @Test
  void aReadmissionOfALiveStreamIsNoSecondStream() {
    Drill drill =
        new Drill()
            .accountJournal(
                "acc-3",
                "basic",
                1,
                Drill.admitted("s1", 1),
                Drill.admitted("s1", 2),
                Drill.ended("s1", 3));
    assertTrue(rule.check(drill.evidence()).isEmpty());
  }

  @Test
  void catchesAnAccountWhoseCareViewShowsMoreStreamsThanItsPlan() {
    Drill drill = new Drill();
    drill.accountViews.put("ok", new AccountObservation("ok", "standard", 2, List.of("a", "b")));
    assertTrue(rule.check(drill.evidence()).isEmpty());
    drill.accountViews.put("over", new AccountObservation("over", "basic", 1, List.of("c", "d")));
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(1, violations.size());
    assertEquals(List.of("c", "d"), violations.get(0).sessionIds());
  }
}
