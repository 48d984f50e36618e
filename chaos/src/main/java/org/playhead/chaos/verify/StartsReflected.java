package org.playhead.chaos.verify;

import java.util.List;

/**
 * Every acknowledged start is reflected: the session exists, belongs to the account it was started
 * for, and the account's journal admitted it (an admission is written before a start is answered).
 */
final class StartsReflected implements VerificationRule {
  @Override
  public String name() {
    return Rules.START_REFLECTED;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    Findings findings = new Findings(name());
    for (SessionHistory history : evidence.histories().values()) {
      if (!history.startAcknowledged()) {
        continue;
      }
      String id = history.sessionId();
      SessionObservation seen = evidence.observations().get(id);
      if (seen == null || seen.status() == SessionObservation.Status.UNREACHABLE) {
        continue; // not observed: EvidenceComplete says so
      }
      if (seen.status() == SessionObservation.Status.NOT_FOUND) {
        findings.add("acknowledged start, but the cluster has no such session", id, "not found");
        continue;
      }
      if (!history.accountId().equals(seen.accountId())) {
        findings.add(
            "acknowledged start shows under another account",
            id,
            "started for " + history.accountId() + ", shows " + seen.accountId());
      }
      List<AccountEntry> journal = evidence.accountJournals().get(history.accountId());
      if (journal != null && !admitted(journal, id)) {
        findings.add(
            "acknowledged start was never admitted in its account's journal",
            id,
            "no admission in Account|" + history.accountId());
      }
    }
    return findings.violations();
  }

  private static boolean admitted(List<AccountEntry> journal, String sessionId) {
    for (AccountEntry entry : journal) {
      if (entry.kind() == AccountEntry.Kind.ADMITTED && entry.sessionId().equals(sessionId)) {
        return true;
      }
    }
    return false;
  }
}
