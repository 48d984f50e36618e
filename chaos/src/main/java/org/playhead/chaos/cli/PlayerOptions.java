package org.playhead.chaos.cli;

import java.time.Duration;
import org.playhead.chaos.load.SimulatorConfig;
import picocli.CommandLine.Option;

/** The simulated players: how many sessions, how often they heartbeat, over which transports. */
final class PlayerOptions {
  @Option(
      names = "--sessions",
      defaultValue = "2000",
      description = "concurrent sessions (default: ${DEFAULT-VALUE})")
  int sessions;

  @Option(
      names = "--accounts",
      description =
          "accounts the sessions spread over (default: as few as hold them, near their plan limits)")
  Integer accounts;

  @Option(
      names = "--heartbeat",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "each player's heartbeat interval (default: ${DEFAULT-VALUE})")
  Duration heartbeat;

  @Option(names = "--grpc-unary", description = "share of players on unary gRPC, 0..1")
  Double grpcUnary;

  @Option(names = "--grpc-stream", description = "share of players on gRPC heartbeat streams, 0..1")
  Double grpcStream;

  @Option(names = "--http", description = "share of players on HTTP JSON, 0..1")
  Double http;

  @Option(
      names = "--churn",
      description =
          "stops, starts and pauses per second across all sessions (default: one per 100 sessions)")
  Double churn;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "for players and fault targets (default: ${DEFAULT-VALUE})")
  long seed;

  SimulatorConfig config() {
    return org.playhead.chaos.drill.PlayerConfigs.config(
        sessions, accounts, heartbeat, grpcUnary, grpcStream, http, churn, seed);
  }
}
