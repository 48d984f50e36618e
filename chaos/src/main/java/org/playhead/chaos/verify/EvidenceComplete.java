package org.playhead.chaos.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * What could not be read cannot have been checked: a verification that could not see a session or a
 * journal does not pass.
 */
final class EvidenceComplete implements VerificationRule {
  @Override
  public String name() {
    return Rules.EVIDENCE_COMPLETE;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    List<Violation> violations = new ArrayList<>();
    Findings unreachable = new Findings(name());
    evidence
        .observations()
        .values()
        .forEach(
            seen -> {
              if (seen.status() == SessionObservation.Status.UNREACHABLE) {
                unreachable.add(
                    "no node answered for the session",
                    seen.sessionId(),
                    String.valueOf(seen.error()));
              }
            });
    violations.addAll(unreachable.violations());
    for (DrillEvidence.Problem problem : evidence.problems()) {
      violations.add(new Violation(name(), problem.sessionIds(), problem.detail()));
    }
    return violations;
  }
}
