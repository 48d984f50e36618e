package org.playhead.session;

import java.util.List;
import org.playhead.steering.SteeringAnswer;

/**
 * A steering decision as the session persisted it: when, why it was made, on which delivery
 * network, for which client network (the matched prefix, not the client's address), and the ranked
 * choices with their reasons.
 *
 * @param trigger {@code start}, {@code dash}, {@code hls} or {@code manifest}: what asked for it
 */
public record SteeringRecord(
    long atMs,
    String trigger,
    String networkVersion,
    String clientNetwork,
    List<SteeringAnswer.Choice> choices) {

  /** No decision yet. */
  public static final SteeringRecord NONE = new SteeringRecord(0, "", "", "", List.of());

  public SteeringRecord {
    choices = List.copyOf(choices);
  }

  public static SteeringRecord of(long atMs, String trigger, SteeringAnswer answer) {
    return new SteeringRecord(
        atMs, trigger, answer.networkVersion(), answer.clientNetwork(), answer.choices());
  }

  public boolean isNone() {
    return choices.isEmpty();
  }

  public List<String> pathways() {
    return choices.stream().map(SteeringAnswer.Choice::pathway).toList();
  }

  /**
   * Whether {@code answer} ranks the same pathways at the same URLs: then it tells a player nothing
   * new, and need not be persisted again (reasons move with every load report).
   */
  public boolean sameRanking(SteeringAnswer answer) {
    if (choices.size() != answer.choices().size()) {
      return false;
    }
    for (int i = 0; i < choices.size(); i++) {
      SteeringAnswer.Choice a = choices.get(i);
      SteeringAnswer.Choice b = answer.choices().get(i);
      if (!a.pathway().equals(b.pathway()) || !a.baseUrl().equals(b.baseUrl())) {
        return false;
      }
    }
    return true;
  }
}
