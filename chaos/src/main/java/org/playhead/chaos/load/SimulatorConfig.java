package org.playhead.chaos.load;

import java.time.Duration;

/**
 * What the player simulator does.
 *
 * @param sessions concurrent sessions to hold: the players that fill the accounts' stream slots
 *     (each full account also gets one more player, whose starts the plan mostly refuses)
 * @param accounts accounts the sessions spread over, their plans cycling through 1, 2 and 4 streams
 *     ({@link PlanTier#DEFAULTS}), held at their plan limits; their slots must hold {@code
 *     sessions}
 * @param heartbeatInterval how often each player reports (e.g. 2 s in tests, 10-30 s for long
 *     drills)
 * @param grpcUnaryShare share of players on unary gRPC
 * @param grpcStreamShare share of players on the bidirectional gRPC heartbeat stream
 * @param httpShare share of players on HTTP (JSON or CMCD v2 event-mode bodies); the three sum to 1
 * @param churnPerSecond pauses, resumes and stops per second across all sessions; every stop is
 *     followed by a new start of the same player a moment later
 * @param seed for the players' layout and choices (timing depends on the servers anyway)
 */
public record SimulatorConfig(
    int sessions,
    int accounts,
    Duration heartbeatInterval,
    double grpcUnaryShare,
    double grpcStreamShare,
    double httpShare,
    double churnPerSecond,
    long seed) {

  public SimulatorConfig {
    if (sessions < 1) {
      throw new IllegalArgumentException("sessions must be at least 1, not " + sessions);
    }
    if (accounts < 1 || accounts > sessions) {
      throw new IllegalArgumentException(
          "accounts must be 1 to sessions (" + sessions + "), not " + accounts);
    }
    int capacity = PlanTier.capacity(PlanTier.DEFAULTS, accounts);
    if (capacity < sessions) {
      throw new IllegalArgumentException(
          accounts
              + " accounts hold "
              + capacity
              + " streams, fewer than "
              + sessions
              + " sessions: use at least "
              + PlanTier.accountsFor(PlanTier.DEFAULTS, sessions)
              + " accounts");
    }
    if (heartbeatInterval == null || heartbeatInterval.toMillis() < 100) {
      throw new IllegalArgumentException("heartbeatInterval must be at least 100 ms");
    }
    requireShare(grpcUnaryShare, "grpcUnaryShare");
    requireShare(grpcStreamShare, "grpcStreamShare");
    requireShare(httpShare, "httpShare");
    double sum = grpcUnaryShare + grpcStreamShare + httpShare;
    if (Math.abs(sum - 1.0) > 1e-6) {
      throw new IllegalArgumentException("the transport shares must sum to 1, not " + sum);
    }
    if (!(churnPerSecond >= 0) || Double.isInfinite(churnPerSecond)) {
      throw new IllegalArgumentException("churnPerSecond must be 0 or more");
    }
  }

  private static void requireShare(double share, String name) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(name + " must be 0 to 1, not " + share);
    }
  }

  /**
   * 500 sessions over the fewest accounts that hold them, a 10 s heartbeat, a third of the players
   * on each transport, one pause, resume or stop a second per hundred sessions.
   */
  public static SimulatorConfig defaults() {
    return forSessions(500);
  }

  /** The defaults, for {@code sessions} sessions over the fewest accounts that hold them. */
  public static SimulatorConfig forSessions(int sessions) {
    return new SimulatorConfig(
        sessions,
        PlanTier.accountsFor(PlanTier.DEFAULTS, sessions),
        Duration.ofSeconds(10),
        1.0 / 3,
        1.0 / 3,
        1.0 / 3,
        sessions / 100.0,
        42L);
  }

  public SimulatorConfig withHeartbeatInterval(Duration interval) {
    return new SimulatorConfig(
        sessions,
        accounts,
        interval,
        grpcUnaryShare,
        grpcStreamShare,
        httpShare,
        churnPerSecond,
        seed);
  }

  public SimulatorConfig withChurnPerSecond(double churn) {
    return new SimulatorConfig(
        sessions,
        accounts,
        heartbeatInterval,
        grpcUnaryShare,
        grpcStreamShare,
        httpShare,
        churn,
        seed);
  }

  public SimulatorConfig withTransportShares(double grpcUnary, double grpcStream, double http) {
    return new SimulatorConfig(
        sessions, accounts, heartbeatInterval, grpcUnary, grpcStream, http, churnPerSecond, seed);
  }

  public SimulatorConfig withSeed(long newSeed) {
    return new SimulatorConfig(
        sessions,
        accounts,
        heartbeatInterval,
        grpcUnaryShare,
        grpcStreamShare,
        httpShare,
        churnPerSecond,
        newSeed);
  }
}
