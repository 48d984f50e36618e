package org.playhead.chaos.verify;

import java.util.List;
import java.util.Map;

/** CONTRACT FAKE (chaos-cluster branch only). */
public record VerificationResult(List<Violation> violations, Map<String, Long> counts) {
  public boolean passed() {
    return violations.isEmpty();
  }
}
