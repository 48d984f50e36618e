package org.playhead.chaos.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;

class NoSessionLostTest {
  private final NoSessionLost rule = new NoSessionLost();

  @Test
  void liveSessionsAndSessionsTheirPlayersStoppedAreNotLost() {
    Drill drill =
        new Drill()
            .played("live", 0, 20)
            .seenLive("live", "PLAYING", 20_000)
            .played("stopped", 0, 20)
            .op("stopped", 21, OperationKind.STOP, false, 21_000) // unanswered, but it got there
            .seenStopped("stopped", "ENDED", 21_000, 21);
    assertTrue(rule.check(drill.evidence()).isEmpty());
  }

  @Test
  void anExpiryAfterThePlayerWentQuietIsLegitimate() {
    // Last report at 20 s: the session expires a lease later, at 110 s.
    Drill drill = new Drill().played("s1", 0, 20).seenStopped("s1", "EXPIRED", 20_000, 110);
    assertTrue(rule.check(drill.evidence()).isEmpty());
  }

  @Test
  void catchesAnExpiryFromAStalePersistedHeartbeat() {
    // The node had checkpointed at 0 s only and died; the new node expired the session from
    // that, at 90 s, though the player's heartbeat at 20 s had been acknowledged.
    Drill drill = new Drill().played("s1", 0, 20).seenStopped("s1", "EXPIRED", 0, 90);
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(1, violations.size());
    assertTrue(violations.get(0).detail().contains("acknowledged"), violations.get(0).detail());
  }

  @Test
  void catchesAnExpiryWhileThePlayerKeptTrying() {
    Drill drill = new Drill().played("s1", 0, 20);
    // The player kept trying through an outage for two minutes; the session expired on the way.
    for (int t = 22; t <= 140; t += 2) {
      drill.op("s1", t, OperationKind.HEARTBEAT, false, t * 1000L);
    }
    drill.op(
        "s1", 142, OperationKind.HEARTBEAT, false, 142_000, Operation.ENDED_PREFIX + "expired");
    drill.seenStopped("s1", "EXPIRED", 20_000, 110);
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(1, violations.size());
    assertEquals(List.of("s1"), violations.get(0).sessionIds());
    assertTrue(violations.get(0).detail().contains("still reporting"), violations.get(0).detail());
  }

  @Test
  void catchesSessionsEndedByNobodyInTheDrill() {
    Drill drill =
        new Drill()
            .played("revoked", 0, 20)
            .seenStopped("revoked", "REVOKED", 20_000, 21)
            .played("evicted", 0, 20)
            .seenStopped("evicted", "EVICTED", 20_000, 21)
            .played("user", 0, 20)
            .seenStopped("user", "USER", 20_000, 21)
            .played("gone", 0, 20)
            .seen(SessionObservation.notFound("gone"))
            .played("fine", 0, 20)
            .seenLive("fine", "PLAYING", 20_000);
    List<Violation> violations = rule.check(drill.evidence());
    Set<String> named = new TreeSet<>();
    violations.forEach(v -> named.addAll(v.sessionIds()));
    assertEquals(Set.of("revoked", "evicted", "user", "gone"), named);
    violations.forEach(v -> assertEquals(Rules.NO_SESSION_LOST, v.rule()));
  }

  @Test
  void theCheckpointIntervalIsNoLeewayAfterAnAcknowledgedHeartbeat() {
    Drill drill = new Drill().played("s1", 0, 60);
    drill.leaseTtl = Duration.ofSeconds(90);
    drill.checkpointInterval = Duration.ofSeconds(30);
    drill.seenStopped("s1", "EXPIRED", 60_000, 60 + 90);
    assertTrue(rule.check(drill.evidence()).isEmpty());
    drill.seenStopped("s1", "EXPIRED", 30_000, 30 + 90); // from the checkpoint, not the heartbeat
    assertEquals(1, rule.check(drill.evidence()).size());
  }
}
