package org.playhead.chaos.monkey;

/**
 * The steady-state metrics the monkey watches (ChAP's "stream starts per second"), as the player
 * simulator reports them over its last few seconds.
 */
public record SteadyFigures(double startsPerSecond, double heartbeatSuccessRate) {}
