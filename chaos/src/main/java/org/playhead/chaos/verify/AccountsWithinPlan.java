package org.playhead.chaos.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No account has more live streams than its plan now (its care view) or had at any moment: its
 * admissions and ends are replayed in journal order (admissions add a stream, ends remove one) and
 * the count checked after each, against the plan its care view shows. A drill sets every plan
 * before anyone plays and never changes one, so the plan now is the plan of the whole drill.
 */
final class AccountsWithinPlan implements VerificationRule {
  @Override
  public String name() {
    return Rules.WITHIN_PLAN;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    List<Violation> violations = new ArrayList<>();
    for (AccountObservation view : evidence.accountViews().values()) {
      if (view.activeStreams().size() > view.maxStreams()) {
        violations.add(
            new Violation(
                name(),
                view.activeStreams(),
                "account "
                    + view.accountId()
                    + " shows "
                    + view.activeStreams().size()
                    + " active streams on plan "
                    + view.plan()
                    + " ("
                    + view.maxStreams()
                    + " allowed)"));
      }
    }
    for (Map.Entry<String, List<AccountEntry>> journal : evidence.accountJournals().entrySet()) {
      AccountObservation view = evidence.accountViews().get(journal.getKey());
      if (view == null) {
        continue; // its view could not be read: EvidenceComplete says so
      }
      Excess worst = replay(journal.getValue(), view.maxStreams());
      if (worst != null) {
        violations.add(
            new Violation(
                name(),
                List.copyOf(worst.live()),
                "account "
                    + journal.getKey()
                    + " had "
                    + worst.live().size()
                    + " live streams at once on plan "
                    + view.plan()
                    + " ("
                    + view.maxStreams()
                    + " allowed), after event #"
                    + worst.sequenceNr()
                    + " of its journal"));
      }
    }
    return violations;
  }

  /** The moment with the most streams over the plan, or null if there was none. */
  record Excess(Set<String> live, long sequenceNr) {}

  static Excess replay(List<AccountEntry> entries, int maxStreams) {
    Set<String> live = new LinkedHashSet<>();
    Excess worst = null;
    for (AccountEntry entry : entries) {
      switch (entry.kind()) {
        case ADMITTED -> live.add(entry.sessionId());
        case ENDED -> live.remove(entry.sessionId());
      }
      if (live.size() > maxStreams && (worst == null || live.size() > worst.live().size())) {
        worst = new Excess(Set.copyOf(live), entry.sequenceNr());
      }
    }
    return worst;
  }
}
