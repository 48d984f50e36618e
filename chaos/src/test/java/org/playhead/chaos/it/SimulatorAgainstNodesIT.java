package org.playhead.chaos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
import org.playhead.chaos.verify.DrillVerifier;
import org.playhead.chaos.verify.VerificationResult;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * The simulator against a real two-node cluster: 500 sessions over accounts of 1, 2 and 4 streams,
 * on all three transports: a ramp of gentle starts, then 25 s at full strength, with one node
 * address that never answers and one node that leaves halfway (their players must move to the live
 * node, as behind a load balancer). Then the verifier checks it all from outside and finds nothing
 * wrong.
 */
@ExtendWith(NodeLogsOnFailure.class)
class SimulatorAgainstNodesIT {
  /** Short, so that heartbeats checkpoint positions during the run. */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

  static final Map<String, String> NODE_SETTINGS =
      Map.of("playhead.session.checkpoint-interval", CHECKPOINT_INTERVAL.toSeconds() + "s");

  @Test
  void fiveHundredSessionsThroughANodeLeavingAndADeadAddressPassTheDrillRules() throws Exception {
    try (NodeProcess first = NodeLogsOnFailure.watch(NodeProcess.start("sim-a", NODE_SETTINGS));
        NodeProcess second =
            NodeLogsOnFailure.watch(NodeProcess.start("sim-b", NODE_SETTINGS, first))) {
      NodeEndpoint dead =
          new NodeEndpoint("dead", "127.0.0.1", NodeProcess.freePort(), NodeProcess.freePort());
      List<NodeEndpoint> nodes = List.of(Endpoints.of(first), Endpoints.of(second), dead);
      SimulatorConfig config =
          new SimulatorConfig(
              500,
              PlanTier.accountsFor(PlanTier.DEFAULTS, 500),
              Duration.ofSeconds(2),
              1.0 / 3,
              1.0 / 3,
              1.0 / 3,
              10,
              7L);
      // Patient with a shared, busy machine: the nodes answer 503 themselves after 5 s, and the
      // first starts (each a cold account, session and bookmark entity) come at a gentle rate.
      SimulatorTuning tuning =
          SimulatorTuning.defaults().withRequestTimeout(Duration.ofSeconds(10)).withRamp(50, 16);

      PlayerSimulator simulator =
          PlayerSimulator.start(config, tuning, nodes, NodeProcess.DEV_KEYS);
      long rampDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (simulator.liveSessions() < 450 && System.nanoTime() < rampDeadline) {
        Await.elapse(Duration.ofSeconds(1));
      }
      System.out.println("live after the ramp: " + simulator.liveSessions());
      List<SteadyState> samples = new ArrayList<>();
      sample(simulator, samples, 2);
      // The second node leaves (SIGTERM): its shards hand off to the first, and its players,
      // streams included, must move over on their own.
      Instant leave = Instant.now();
      second.close();
      System.out.println("sim-b left after " + Duration.between(leave, Instant.now()));
      // Settled: heartbeats succeed again (the first node took over the second's sessions).
      long settleDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      do {
        sample(simulator, samples, 1);
      } while (samples.get(samples.size() - 1).heartbeatSuccessRate() < 0.95
          && System.nanoTime() < settleDeadline);
      System.out.println("settled " + Duration.between(leave, Instant.now()) + " after the leave");
      sample(simulator, samples, 1);
      OperationLedger ledger = simulator.stop();

      List<Operation> ops = ledger.operations();
      System.out.println("ledger: " + ledger.counts());
      System.out.println("errors: " + LedgerErrors.top(ledger, 15));
      for (OperationKind kind : OperationKind.values()) {
        assertTrue(
            ops.stream().anyMatch(op -> op.kind() == kind && op.acknowledged()),
            "some " + kind + " acknowledged: " + ledger.counts());
      }
      assertTrue(
          ops.stream().anyMatch(op -> op.outcome() == Operation.Outcome.REFUSED),
          "accounts at their limits refuse some starts: " + ledger.counts());
      Set<String> transports =
          ops.stream()
              .filter(Operation::acknowledged)
              .map(Operation::transport)
              .collect(Collectors.toSet());
      assertEquals(Set.of("http", "grpc-unary", "grpc-stream"), transports);
      assertTrue(
          ops.stream().anyMatch(op -> op.node().equals("dead") && op.isError()),
          "players met the dead address");
      assertTrue(
          ops.stream().noneMatch(op -> op.node().equals("dead") && op.acknowledged()),
          "nothing is acknowledged by an address that does not answer");
      long acknowledgedHeartbeats =
          ops.stream()
              .filter(op -> op.kind() == OperationKind.HEARTBEAT && op.acknowledged())
              .count();
      assertTrue(acknowledgedHeartbeats > 2_000, "heartbeats flowed: " + acknowledgedHeartbeats);
      assertTrue(
          samples.get(samples.size() - 2).heartbeatSuccessRate() >= 0.95,
          "heartbeats succeed again after the leave: " + samples);

      // Players of every transport moved from the node that left to the one that stayed.
      Map<String, Set<String>> movedByTransport = new TreeMap<>();
      Set<String> beforeOnB = new HashSet<>();
      for (Operation op : ops) {
        if (op.acknowledged() && op.node().equals("sim-b") && op.at().isBefore(leave)) {
          beforeOnB.add(op.sessionId());
        }
        if (op.acknowledged()
            && op.kind() == OperationKind.HEARTBEAT
            && op.node().equals("sim-a")
            && op.at().isAfter(leave)
            && beforeOnB.contains(op.sessionId())) {
          movedByTransport
              .computeIfAbsent(op.transport(), t -> new TreeSet<>())
              .add(op.sessionId());
        }
      }
      assertEquals(
          Set.of("http", "grpc-unary", "grpc-stream"),
          movedByTransport.keySet(),
          "sessions moved on every transport: " + movedByTransport);

      // The moved sessions stand in for a killed node's: they answer through care and their player.
      Set<String> sample = new HashSet<>();
      movedByTransport.values().forEach(ids -> ids.stream().limit(15).forEach(sample::add));
      VerificationResult result =
          new DrillVerifier(nodes, NodeProcess.DEV_KEYS, "127.0.0.1", 9042, CHECKPOINT_INTERVAL)
              .verify(ledger, sample);
      System.out.println("verification: " + result.summary());
      assertTrue(result.passed(), result.summary());
      assertEquals((long) sample.size(), result.counts().get("killedNodeSessions.answered"));
      assertTrue(result.counts().get("journal.rows") > 1_000, result.counts().toString());
    }
  }

  private static void sample(PlayerSimulator simulator, List<SteadyState> samples, int times)
      throws InterruptedException {
    for (int i = 0; i < times; i++) {
      Await.elapse(Duration.ofSeconds(5));
      SteadyState now = simulator.steadyState();
      samples.add(now);
      System.out.println(
          "steady state (sample "
              + samples.size()
              + "): "
              + now
              + ", live "
              + simulator.liveSessions());
    }
  }
}
