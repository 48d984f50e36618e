package org.playhead.chaos.verify;

import java.util.List;

/**
 * A broken drill rule.
 *
 * @param rule the rule's name, e.g. {@code no-session-lost}
 * @param sessionIds the sessions it concerns (for an account or a journal, the drill's sessions of
 *     that account or persistence id)
 * @param detail what was seen, for a person
 */
public record Violation(String rule, List<String> sessionIds, String detail) {
  public Violation {
    sessionIds = List.copyOf(sessionIds);
  }
}
