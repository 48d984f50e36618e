package org.playhead.chaos.load;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.playhead.chaos.cluster.NodeEndpoint;

/**
 * What every player of one simulator shares. {@code loop} is the one thread that runs every
 * player's logic (timers and the handling of answers): a player's state is only touched there, and
 * no player has a thread of its own.
 */
record Simulation(
    SimulatorConfig config,
    SimulatorTuning tuning,
    List<NodeEndpoint> nodes,
    OperationLedger ledger,
    SteadyStateWindow window,
    ScheduledExecutorService loop,
    Clock clock,
    PlayerTokens tokens) {

  void record(Operation operation) {
    ledger.record(operation);
    window.record(operation);
  }

  /** The place in {@link #nodes} of the node at this base URL (an owner hint), or -1. */
  int nodeAt(String apiUrl) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).apiUrl().equals(apiUrl)) {
        return i;
      }
    }
    return -1;
  }

  Duration heartbeatInterval() {
    return config.heartbeatInterval();
  }
}
