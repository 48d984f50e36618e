package org.playhead.chaos.verify;

import java.util.List;

/**
 * Every session of a killed node answers again: its shard moved and the session recovered on
 * another node, so it answers care and its own player.
 */
final class KilledNodeSessionsAnswer implements VerificationRule {
  @Override
  public String name() {
    return Rules.KILLED_NODE_SESSIONS_ANSWER;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    Findings findings = new Findings(name());
    for (String id : evidence.sessionsOfKilledNodes()) {
      KilledNodeProbe probe = evidence.killedNodeProbes().get(id);
      if (probe == null) {
        findings.add("a session of a killed node was never asked", id, "no probe");
      } else if (!probe.answered()) {
        findings.add("a session of a killed node does not answer", id, probe.detail());
      }
    }
    return findings.violations();
  }
}
