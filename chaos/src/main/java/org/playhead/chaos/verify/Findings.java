package org.playhead.chaos.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a rule's findings by cause, so that a thousand sessions broken the same way make one
 * violation naming them all, with a few examples spelled out.
 */
final class Findings {
  private static final int EXAMPLES = 5;

  private final String rule;
  private final Map<String, List<String>> sessions = new LinkedHashMap<>();
  private final Map<String, List<String>> examples = new LinkedHashMap<>();

  Findings(String rule) {
    this.rule = rule;
  }

  void add(String cause, String sessionId, String example) {
    sessions.computeIfAbsent(cause, c -> new ArrayList<>()).add(sessionId);
    List<String> shown = examples.computeIfAbsent(cause, c -> new ArrayList<>());
    if (shown.size() < EXAMPLES) {
      shown.add(sessionId + ": " + example);
    }
  }

  List<Violation> violations() {
    List<Violation> violations = new ArrayList<>();
    sessions.forEach(
        (cause, ids) -> {
          List<String> shown = examples.get(cause);
          String more =
              ids.size() > shown.size() ? "; and " + (ids.size() - shown.size()) + " more" : "";
          violations.add(
              new Violation(
                  rule, ids, cause + " (" + ids.size() + "): " + String.join("; ", shown) + more));
        });
    return violations;
  }
}
