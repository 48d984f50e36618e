package org.playhead.chaos.load;

/** CONTRACT FAKE (chaos-cluster branch only). */
public record SteadyState(double startsPerSecond, double heartbeatSuccessRate, double p99LatencyMs) {}
