package org.playhead.chaos.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.playhead.session.Account;

/**
 * No account has more live streams than its plan now (its care view) or had at any moment: its
 * journal is replayed event by event (admissions add a stream, ends remove one, the plan comes from
 * the opening and from plan changes) and the count checked after each. A plan change that shrinks
 * the plan is written together with the ends of the streams beyond it, so the check after a plan
 * change waits for those ends (events of the same instant).
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
    for (Map.Entry<String, List<Account.Event>> journal : evidence.accountJournals().entrySet()) {
      Excess worst = replay(journal.getValue(), evidence);
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
                    + worst.plan()
                    + " ("
                    + worst.max()
                    + " allowed), after event #"
                    + worst.eventIndex()
                    + " of its journal"));
      }
    }
    return violations;
  }

  /** The moment with the most streams over the plan, or null if there was none. */
  record Excess(Set<String> live, String plan, int max, int eventIndex) {}

  static Excess replay(List<Account.Event> events, DrillEvidence evidence) {
    Set<String> live = new LinkedHashSet<>();
    String plan = evidence.defaultPlan();
    long planChangedAtMs = Long.MIN_VALUE;
    Excess worst = null;
    for (int i = 0; i < events.size(); i++) {
      Account.Event event = events.get(i);
      if (event instanceof Account.AccountOpened opened) {
        plan = opened.plan();
      } else if (event instanceof Account.PlanChanged changed) {
        plan = changed.plan();
        planChangedAtMs = changed.atMs();
      } else if (event instanceof Account.StreamAdmitted admitted) {
        live.add(admitted.slot().sessionId());
      } else if (event instanceof Account.StreamEnded ended) {
        live.remove(ended.sessionId());
      }
      if (i + 1 < events.size() && endsOfPlanChange(events.get(i + 1), planChangedAtMs)) {
        continue; // the plan change's own ends follow: judge after them
      }
      int max = evidence.maxStreams(plan);
      if (live.size() > max
          && (worst == null || live.size() - max > worst.live().size() - worst.max())) {
        worst = new Excess(Set.copyOf(live), plan, max, i + 1);
      }
    }
    return worst;
  }

  private static boolean endsOfPlanChange(Account.Event next, long planChangedAtMs) {
    return next instanceof Account.StreamEnded ended && ended.atMs() == planChangedAtMs;
  }
}
