package org.playhead.chaos.it;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.playhead.chaos.Await;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;
import org.playhead.chaos.load.OperationLedger;
import org.playhead.chaos.load.PlanTier;
import org.playhead.chaos.load.PlayerSimulator;
import org.playhead.chaos.load.SimulatorConfig;
import org.playhead.chaos.load.SimulatorTuning;
import org.playhead.chaos.load.SteadyState;
import org.playhead.testkit.NodeProcess;

/**
 * What the simulator sustains on this machine: starts real nodes (separate JVMs, real Cassandra),
 * runs the simulator at a given size, and prints sessions, heartbeats per second and the CPU of the
 * simulator's JVM and of the nodes'. A measurement, not a test: its figures go to
 * chaos/SIMULATOR.md.
 *
 * <pre>
 * java -cp ... org.playhead.chaos.it.SimulatorCapacityRun sessions=2000 interval=2 seconds=60 nodes=1
 * </pre>
 */
public final class SimulatorCapacityRun {
  private SimulatorCapacityRun() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> arg = new java.util.HashMap<>();
    for (String a : args) {
      String[] kv = a.split("=", 2);
      arg.put(kv[0], kv[1]);
    }
    int sessions = Integer.parseInt(arg.getOrDefault("sessions", "2000"));
    Duration interval =
        Duration.ofMillis((long) (1000 * Double.parseDouble(arg.getOrDefault("interval", "2"))));
    int seconds = Integer.parseInt(arg.getOrDefault("seconds", "60"));
    int nodeCount = Integer.parseInt(arg.getOrDefault("nodes", "1"));
    double churn = Double.parseDouble(arg.getOrDefault("churn", String.valueOf(sessions / 100.0)));
    double startRate = Double.parseDouble(arg.getOrDefault("startRate", "100"));

    Map<String, String> settings =
        Map.of(
            "playhead.session.checkpoint-interval", "30s",
            "playhead.rate-limits.starts.per-account.burst", "100",
            "playhead.rate-limits.starts.per-device.burst", "100");
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < nodeCount; i++) {
        nodes.add(
            i == 0
                ? NodeProcess.start("cap-" + i, settings)
                : NodeProcess.start("cap-" + i, settings, nodes.get(0)));
      }
      List<NodeEndpoint> endpoints = nodes.stream().map(Endpoints::of).toList();
      SimulatorConfig config =
          new SimulatorConfig(
              sessions,
              PlanTier.accountsFor(PlanTier.DEFAULTS, sessions),
              interval,
              1.0 / 3,
              1.0 / 3,
              1.0 / 3,
              churn,
              1L);
      SimulatorTuning tuning =
          SimulatorTuning.defaults()
              .withRequestTimeout(Duration.ofSeconds(10))
              .withRamp(startRate, 32);
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      PlayerSimulator simulator =
          PlayerSimulator.start(config, tuning, endpoints, NodeProcess.DEV_KEYS);
      // Measure once the sessions are up (the ramp's pace is the cluster's start rate).
      long rampStart = System.nanoTime();
      long rampDeadline = rampStart + Duration.ofMinutes(10).toNanos();
      while (simulator.liveSessions() < sessions * 0.95 && System.nanoTime() < rampDeadline) {
        Await.elapse(Duration.ofSeconds(1));
      }
      System.out.printf(
          "RESULT ramp: %d live after %.0f s%n",
          simulator.liveSessions(), (System.nanoTime() - rampStart) / 1e9);
      Await.elapse(interval.multipliedBy(2));
      long cpu0 = os.getProcessCpuTime();
      long nodeCpu0 = nodes.stream().mapToLong(n -> n.cpuTime().toNanos()).sum();
      long wall0 = System.nanoTime();
      java.time.Instant from = java.time.Instant.now();
      for (int s = 5; s <= seconds; s += 5) {
        Await.elapse(Duration.ofSeconds(5));
        SteadyState state = simulator.steadyState();
        System.out.printf("t=%3ds live=%d %s%n", s, simulator.liveSessions(), state);
      }
      long wall = System.nanoTime() - wall0;
      long cpu = os.getProcessCpuTime() - cpu0;
      long nodeCpu = nodes.stream().mapToLong(n -> n.cpuTime().toNanos()).sum() - nodeCpu0;
      java.time.Instant to = java.time.Instant.now();
      int live = simulator.liveSessions();
      OperationLedger ledger = simulator.stop();
      List<Operation> window =
          ledger.operations().stream()
              .filter(op -> !op.answeredAt().isBefore(from) && op.answeredAt().isBefore(to))
              .toList();
      long reports =
          window.stream()
              .filter(
                  op ->
                      op.acknowledged()
                          && op.kind() != OperationKind.START
                          && op.kind() != OperationKind.STOP)
              .count();
      long errors = window.stream().filter(Operation::isError).count();
      double secs = wall / 1e9;
      System.out.printf(
          "RESULT sessions=%d players=%d interval=%s nodes=%d live=%d window=%.0fs"
              + " acked-heartbeats/s=%.0f operations/s=%.0f errors=%d sim-cpu=%.2f cores"
              + " node-cpu=%.2f cores%nRESULT ledger=%s%n",
          sessions,
          simulator.players(),
          interval,
          nodeCount,
          live,
          secs,
          reports / secs,
          window.size() / secs,
          errors,
          (double) cpu / wall,
          (double) nodeCpu / wall,
          ledger.counts());
      System.out.println("RESULT errors=" + LedgerErrors.top(ledger, 12));
    } finally {
      for (NodeProcess node : nodes) {
        node.close();
      }
    }
  }
}
