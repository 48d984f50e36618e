package org.playhead.chaos.verify;

import java.util.List;

/** The rules of a drill, by name. */
public final class Rules {
  private Rules() {}

  public static final String START_REFLECTED = "acknowledged-start-reflected";
  public static final String STOP_REFLECTED = "acknowledged-stop-reflected";
  public static final String STATE_REFLECTED = "acknowledged-state-reflected";
  public static final String NO_SESSION_LOST = "no-session-lost";
  public static final String POSITION_KEPT = "position-not-regressed";
  public static final String WITHIN_PLAN = "account-within-plan";
  public static final String SINGLE_WRITER = "single-writer";
  public static final String KILLED_NODE_SESSIONS_ANSWER = "killed-node-sessions-answer";
  public static final String EVIDENCE_COMPLETE = "evidence-complete";

  /** Every rule, in the order a report lists them. */
  public static List<VerificationRule> all() {
    return List.of(
        new StartsReflected(),
        new StopsReflected(),
        new StatesReflected(),
        new NoSessionLost(),
        new PositionsKept(),
        new AccountsWithinPlan(),
        new SingleWriter(),
        new KilledNodeSessionsAnswer(),
        new EvidenceComplete());
  }
}
