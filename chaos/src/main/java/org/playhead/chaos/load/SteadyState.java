package org.playhead.chaos.load;

/**
 * The players' live figures over the last few seconds, for steady-state checks (a chaos monkey's
 * abort, settle detection).
 *
 * @param startsPerSecond acknowledged starts per second
 * @param heartbeatSuccessRate acknowledged heartbeats (periodic and play-state reports) over
 *     attempted ones, 0 to 1; 1 when none was attempted
 * @param p99LatencyMs the 99th percentile latency of every operation answered or failed, in ms
 */
public record SteadyState(
    double startsPerSecond, double heartbeatSuccessRate, double p99LatencyMs) {}
