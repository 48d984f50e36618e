package org.playhead.chaos.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KilledNodeAndEvidenceTest {
  @Test
  void sessionsOfAKilledNodeThatAnswerPass() {
    Drill drill = new Drill();
    drill.killed.addAll(Set.of("s1", "s2"));
    drill.probes.put("s1", new KilledNodeProbe("s1", true, "answered by node-2"));
    drill.probes.put("s2", new KilledNodeProbe("s2", true, "answered by node-3"));
    assertTrue(new KilledNodeSessionsAnswer().check(drill.evidence()).isEmpty());
  }

  @Test
  void catchesSessionsOfAKilledNodeThatStaySilentOrWereNeverAsked() {
    Drill drill = new Drill();
    drill.killed.addAll(Set.of("s1", "s2", "s3"));
    drill.probes.put("s1", new KilledNodeProbe("s1", true, "answered"));
    drill.probes.put("s2", new KilledNodeProbe("s2", false, "no answer in time; last 503"));
    List<Violation> violations = new KilledNodeSessionsAnswer().check(drill.evidence());
    assertEquals(2, violations.size());
    violations.forEach(v -> assertEquals(Rules.KILLED_NODE_SESSIONS_ANSWER, v.rule()));
    assertEquals(
        Set.of("s2", "s3"),
        Set.of(violations.get(0).sessionIds().get(0), violations.get(1).sessionIds().get(0)));
  }

  @Test
  void whatCouldNotBeReadFailsTheVerification() {
    Drill drill = new Drill().played("s1", 0, 4).played("s2", 0, 4);
    drill.seenLive("s1", "PLAYING", 4_000);
    drill.seen(SessionObservation.unreachable("s2", "node-1: 503; node-2: no answer"));
    drill.problems.add(
        new DrillEvidence.Problem(List.of("s1"), "journal of Account|acc-1 could not be read"));
    List<Violation> violations = new EvidenceComplete().check(drill.evidence());
    assertEquals(2, violations.size());
    assertEquals(List.of("s2"), violations.get(0).sessionIds());
    assertEquals(List.of("s1"), violations.get(1).sessionIds());

    Drill clean = new Drill().played("s1", 0, 4).seenLive("s1", "PLAYING", 4_000);
    assertTrue(new EvidenceComplete().check(clean.evidence()).isEmpty());
  }

  @Test
  void allRulesTogetherPassACleanDrill() {
    Drill drill =
        new Drill()
            .played("s1", 0, 20)
            .op("s1", 21, org.playhead.chaos.load.OperationKind.STOP, true, 21_000)
            .seenStopped("s1", "USER", 21_000, 21)
            .played("s2", 0, 20)
            .seenLive("s2", "PLAYING", 20_000)
            .accountJournal(
                Drill.ACCOUNT,
                Drill.admitted("s1", 0),
                Drill.admitted("s2", 0),
                Drill.ended("s1", 21));
    drill.killed.add("s2");
    drill.probes.put("s2", new KilledNodeProbe("s2", true, "answered"));
    assertEquals(List.of(), DrillVerifier.check(drill.evidence()));
  }
}
