package org.playhead.chaos.verify;

import java.util.List;
import java.util.Map;

/**
 * What a drill's verification found.
 *
 * @param counts what was checked (sessions, accounts, journal rows...) and what was found
 */
public record VerificationResult(List<Violation> violations, Map<String, Long> counts) {
  public VerificationResult {
    violations = List.copyOf(violations);
    counts = Map.copyOf(counts);
  }

  public boolean passed() {
    return violations.isEmpty();
  }

  /** The violations of one rule. */
  public List<Violation> violationsOf(String rule) {
    return violations.stream().filter(v -> v.rule().equals(rule)).toList();
  }

  /** A few lines for a log or a failed assertion. */
  public String summary() {
    if (passed()) {
      return "passed: " + counts;
    }
    StringBuilder text = new StringBuilder(violations.size() + " violation(s):");
    for (Violation v : violations) {
      text.append("\n  [")
          .append(v.rule())
          .append("] ")
          .append(v.sessionIds().size())
          .append(" session(s) ")
          .append(v.sessionIds().subList(0, Math.min(5, v.sessionIds().size())))
          .append(": ")
          .append(v.detail());
    }
    return text.append("\ncounts: ").append(counts).toString();
  }
}
