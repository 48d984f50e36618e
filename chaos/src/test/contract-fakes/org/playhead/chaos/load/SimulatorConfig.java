package org.playhead.chaos.load;

import java.time.Duration;

/**
 * CONTRACT FAKE (chaos-cluster branch only): the shape agreed with the player-simulator branch,
 * compiled only while the real class is absent (pom profile contract-fakes).
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
    if (sessions < 1 || accounts < 1) {
      throw new IllegalArgumentException("sessions and accounts must be positive");
    }
    if (Math.abs(grpcUnaryShare + grpcStreamShare + httpShare - 1.0) > 1e-9) {
      throw new IllegalArgumentException("transport shares must sum to 1");
    }
  }

  public static SimulatorConfig defaults() {
    return new SimulatorConfig(1000, 500, Duration.ofSeconds(2), 0.3, 0.3, 0.4, 1.0, 1L);
  }
}
