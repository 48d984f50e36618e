package org.playhead.chaos.verify;

import java.util.List;

/**
 * A live session shows the play state of the player's last acknowledged report: a pause or a resume
 * is written before it is acknowledged, so a crash cannot undo it.
 */
final class StatesReflected implements VerificationRule {
  @Override
  public String name() {
    return Rules.STATE_REFLECTED;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    Findings findings = new Findings(name());
    for (SessionHistory history : evidence.histories().values()) {
      if (!history.startAcknowledged()
          || history.stopAttempted()
          || history.endedByServer().isPresent()) {
        continue;
      }
      SessionObservation seen = evidence.observations().get(history.sessionId());
      if (seen == null || !seen.found() || seen.stopped()) {
        continue; // not found or ended: other rules judge that
      }
      SessionHistory.ExpectedState expected = history.expectedState();
      if (expected == SessionHistory.ExpectedState.EITHER) {
        continue;
      }
      if (!expected.name().equals(seen.state())) {
        findings.add(
            "the last acknowledged play state does not show",
            history.sessionId(),
            "player's last acknowledged state " + expected + ", session is " + seen.state());
      }
    }
    return findings.violations();
  }
}
