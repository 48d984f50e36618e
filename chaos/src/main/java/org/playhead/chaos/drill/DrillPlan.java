package org.playhead.chaos.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.playhead.chaos.cluster.ClusterSpec;
import org.playhead.chaos.cluster.Fault;
import org.playhead.chaos.load.SimulatorConfig;

/**
 * A drill: the cluster, the players, the faults in order, and how long to watch each.
 *
 * @param cluster the cluster to start
 * @param players the simulated players
 * @param rampTimeout how long players may take to get their sessions started
 * @param baseline how long to measure players before the first fault
 * @param faults injected in order, each watched until players settle (or {@code observe} runs out)
 * @param observe the longest a fault is watched
 * @param restartDowned after a fault that takes a node away, restart it (as an orchestrator would),
 *     watched as a fault of its own, so the next fault again hits a full cluster
 * @param settle when players count as back to normal
 * @param settleLag operations are recorded when answered: a window is judged only once every
 *     operation sent in it must have been answered or timed out
 * @param cassandractl the launcher, for Cassandra restarts
 * @param outputDir where {@code <id>/report.json} and {@code report.html} go
 */
public record DrillPlan(
    ClusterSpec cluster,
    SimulatorConfig players,
    Duration rampTimeout,
    Duration baseline,
    List<Fault> faults,
    Duration observe,
    boolean restartDowned,
    SettleRule settle,
    Duration settleLag,
    Optional<Path> cassandractl,
    Path outputDir) {

  public DrillPlan {
    faults = List.copyOf(faults);
    if (baseline.toMillis() < 2000) {
      throw new IllegalArgumentException("the baseline must be at least 2s");
    }
    if (observe.toMillis() < 5000) {
      throw new IllegalArgumentException("faults must be observed for at least 5s");
    }
    if (cassandractl.isEmpty()
        && faults.stream().anyMatch(f -> f instanceof Fault.RestartCassandra)) {
      throw new IllegalArgumentException("a Cassandra restart needs the cassandractl launcher");
    }
    for (Fault fault : faults) {
      if (fault instanceof Fault.Kill kill) {
        checkNode(kill.target(), cluster);
      } else if (fault instanceof Fault.Terminate term) {
        checkNode(term.target(), cluster);
      } else if (fault instanceof Fault.Freeze freeze) {
        checkNode(freeze.target(), cluster);
      } else if (fault instanceof Fault.RestartNode restart && restart.name().isPresent()) {
        checkNode(new org.playhead.chaos.cluster.NodeTarget.Named(restart.name().get()), cluster);
      }
    }
  }

  private static void checkNode(org.playhead.chaos.cluster.NodeTarget target, ClusterSpec cluster) {
    if (target instanceof org.playhead.chaos.cluster.NodeTarget.Named named
        && !cluster.nodeNames().contains(named.name())) {
      throw new IllegalArgumentException(
          "fault names " + named.name() + " but the cluster has " + cluster.nodeNames());
    }
  }
}
