package org.playhead.steering;

/**
 * The decision's tunables.
 *
 * @param reportTtlMs a cache whose last report is older is treated as silent (aged out)
 * @param overloadPercent a cache at or above this load is not chosen
 * @param maxCaches caches in an answer, before the origin that always ends it
 * @param failureThreshold player-reported failures within the window that make a cache unhealthy
 * @param failureWindowMs how long a player-reported failure counts
 */
public record SteeringPolicy(
    long reportTtlMs,
    double overloadPercent,
    int maxCaches,
    int failureThreshold,
    long failureWindowMs) {

  public SteeringPolicy {
    if (reportTtlMs <= 0) {
      throw new IllegalArgumentException("report TTL must be positive");
    }
    if (!(overloadPercent > 0 && overloadPercent <= 100)) {
      throw new IllegalArgumentException("overload percent must be in (0, 100]");
    }
    if (maxCaches < 1 || maxCaches > 16) {
      throw new IllegalArgumentException("max caches must be 1 to 16");
    }
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failure threshold must be at least 1");
    }
  }

  /** Open Connect-like defaults: 30 s reports, 90% load, four caches, 5 failures a minute. */
  public static SteeringPolicy defaults() {
    return new SteeringPolicy(30_000, 90, 4, 5, 60_000);
  }
}
