package org.playhead.chaos.verify;

import java.util.List;

/** CONTRACT FAKE (chaos-cluster branch only). */
public record Violation(String rule, List<String> sessionIds, String detail) {}
