package org.playhead.steering;

/**
 * The decision's tunables.
 *
 * @param reportTtlMs a cache whose last report is older is treated as silent (aged out)
 * @param overloadPercent a cache at or above this load is not chosen
 * @param maxCaches caches in an answer, before the origin that always ends it
 * @param failureThreshold player-reported failures within the window that make a cache unhealthy
 * @param failureWindowMs how long a player-reported failure counts
 * @param maxReportsPerSession how many of one session's reports count in a window
 * @param minFailingSessions distinct sessions whose players must have reported a cache failing
 * @param minFailingNetworks distinct client networks those reports must come from
 */
public record SteeringPolicy(
    long reportTtlMs,
    double overloadPercent,
    int maxCaches,
    int failureThreshold,
    long failureWindowMs,
    int maxReportsPerSession,
    int minFailingSessions,
    int minFailingNetworks) {

  /**
   * With the default guards against a single client: each session's reports count at most twice,
   * from at least 3 sessions on at least 2 client networks.
   */
  public SteeringPolicy(
      long reportTtlMs,
      double overloadPercent,
      int maxCaches,
      int failureThreshold,
      long failureWindowMs) {
    this(reportTtlMs, overloadPercent, maxCaches, failureThreshold, failureWindowMs, 2, 3, 2);
  }

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
    if (maxReportsPerSession < 1 || minFailingSessions < 1 || minFailingNetworks < 1) {
      throw new IllegalArgumentException(
          "reports per session, failing sessions and networks must be at least 1");
    }
    if (minFailingNetworks > FailureTally.MAX_NETWORKS) {
      throw new IllegalArgumentException(
          "at most " + FailureTally.MAX_NETWORKS + " failing networks can be required");
    }
  }

  /**
   * Whether players' reports make a cache unhealthy: enough of them, from enough sessions and
   * client networks that no single client can do it alone.
   */
  public boolean failing(FailureTally tally) {
    return tally.reports() >= failureThreshold
        && tally.sessions() >= minFailingSessions
        && tally.networks().size() >= minFailingNetworks;
  }

  /** Open Connect-like defaults: 30 s reports, 90% load, four caches, 5 failures a minute. */
  public static SteeringPolicy defaults() {
    return new SteeringPolicy(30_000, 90, 4, 5, 60_000);
  }
}
