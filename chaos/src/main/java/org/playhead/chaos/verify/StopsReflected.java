package org.playhead.chaos.verify;

import java.util.List;
import org.playhead.chaos.load.Operation;

/** Every acknowledged stop is reflected: the session is stopped (a stop is written first). */
final class StopsReflected implements VerificationRule {
  @Override
  public String name() {
    return Rules.STOP_REFLECTED;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    Findings findings = new Findings(name());
    for (SessionHistory history : evidence.histories().values()) {
      Operation stop = history.acknowledgedStop().orElse(null);
      if (stop == null) {
        continue;
      }
      String id = history.sessionId();
      SessionObservation seen = evidence.observations().get(id);
      if (seen == null || seen.status() == SessionObservation.Status.UNREACHABLE) {
        continue;
      }
      if (seen.status() == SessionObservation.Status.NOT_FOUND) {
        findings.add("acknowledged stop, but the cluster has no such session", id, "not found");
      } else if (!seen.stopped()) {
        findings.add(
            "acknowledged stop, but the session is live",
            id,
            "stop acknowledged at " + stop.answeredAt() + ", session is " + seen.state());
      }
    }
    return findings.violations();
  }
}
