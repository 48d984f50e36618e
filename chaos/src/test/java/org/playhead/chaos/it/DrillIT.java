package org.playhead.chaos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.cluster.CassandraControl;
import org.playhead.chaos.cluster.CassandraEndpoint;
import org.playhead.chaos.cluster.ClusterSpec;
import org.playhead.chaos.cluster.Fault;
import org.playhead.chaos.drill.Drill;
import org.playhead.chaos.drill.DrillPlan;
import org.playhead.chaos.drill.PlayerConfigs;
import org.playhead.chaos.drill.SettleRule;
import org.playhead.chaos.load.SimulatorConfig;
import org.playhead.chaos.report.DrillReport;
import org.playhead.chaos.report.DrillReport.FaultReport;
import org.playhead.chaos.report.ReportFiles;
import org.playhead.chaos.report.ReportSummary;
import org.playhead.testkit.NodeProcess;

/**
 * The short drill of the test suite: three nodes, 1500 players heartbeating every 3 s (500
 * heartbeats a second; more sessions over the drill, as players stop and start), then a kill -9
 * (the node restarted afterwards, as an orchestrator would), a SIGSTOP/SIGCONT of 8 s (a long GC
 * pause the cluster rides out) and a Cassandra outage of 5 s. It passes when the verifier finds
 * nothing: every acknowledged operation reflected, no session lost, no account over its plan, one
 * writer per journal, every session of the killed node answering again. The baseline, node-loss and
 * Cassandra figures are printed from the report (a "FIGURES" line), not asserted: speed is the
 * benchmarks' business, and this machine is shared.
 */
class DrillIT {

  @Test
  void aShortDrillWithAKillAFreezeAndACassandraRestartPassesItsVerification() throws Exception {
    Path work = Path.of("target", "drill-it");
    ClusterSpec cluster =
        ClusterSpec.of(3, work, CassandraEndpoint.fromEnvironment(), NodeProcess.DEV_KEYS);
    SimulatorConfig players =
        // The healthy-baseline size, for two cores shared by three nodes, Cassandra and the
        // players: 2500 players at 2 s saturated such a machine (p99 over 2 s before any fault).
        PlayerConfigs.config(1500, null, Duration.ofSeconds(3), null, null, null, null, 11);
    DrillPlan plan =
        new DrillPlan(
            cluster,
            players,
            Duration.ofSeconds(90),
            Duration.ofSeconds(10),
            List.of(
                Fault.parse("kill9:random"),
                Fault.parse("freeze:random:8s"),
                Fault.parse("cassandra:5s")),
            Duration.ofSeconds(60),
            true,
            SettleRule.defaults(),
            Duration.ofSeconds(7),
            Optional.of(CassandraControl.locateLauncher()),
            work.resolve("drills"));
    String id = Drill.newId(Instant.now());

    DrillReport report = new Drill(id, plan, line -> System.out.println("drill: " + line)).run();

    String summary = ReportSummary.of(report);
    System.out.println(summary);
    System.out.println("FIGURES " + figures(report));
    if (!report.passed()) {
      printNodeLogs(work);
    }
    assertEquals(DrillReport.PASSED, report.outcome(), summary);
    List<String> faults = report.faults().stream().map(FaultReport::fault).toList();
    assertEquals(4, faults.size(), faults.toString());
    assertTrue(faults.get(0).startsWith("kill9:"), faults.toString());
    assertTrue(faults.get(1).startsWith("restart:"), faults.toString());
    FaultReport kill = report.faults().get(0);
    assertNotNull(kill.decideMs(), "the killed node was downed: " + summary);
    assertTrue(kill.sessionsOnNode() > 0, summary);
    assertNotNull(report.baseline(), "the report has a baseline: " + summary);
    assertNotNull(kill.recovery(), "the report has the node loss's recovery: " + summary);
    FaultReport cassandra = report.faults().get(3);
    assertTrue(cassandra.marksMs().containsKey("cassandra-up"), summary);
    Path dir = work.resolve("drills").resolve(id);
    assertTrue(Files.readString(dir.resolve(ReportFiles.HTML)).contains("<svg"));
    assertTrue(Files.size(dir.resolve(ReportFiles.JSON)) > 0);
  }

  /** The baseline, the node loss and the Cassandra outage, on one line. */
  static String figures(DrillReport report) {
    StringBuilder line = new StringBuilder();
    DrillReport.Stats b = report.baseline();
    if (b != null) {
      line.append(
          String.format(
              java.util.Locale.ROOT,
              "baseline %.0f acknowledged/s, %.2f%% errors, p99 %d ms",
              b.acknowledgedPerSecond(),
              b.errorRate() * 100,
              b.p99Ms()));
    }
    for (FaultReport f : report.faults()) {
      DrillReport.Recovery r = f.recovery();
      if (f.fault().startsWith("kill9") || f.fault().startsWith("cassandra")) {
        line.append("; ")
            .append(f.fault())
            .append(": recover ")
            .append(f.recoverMs())
            .append(" ms, settle ")
            .append(f.settleMs())
            .append(" ms");
        if (r != null) {
          line.append(", ")
              .append(r.recovered())
              .append(" of ")
              .append(r.sessions())
              .append(" sessions answered again (p50 ")
              .append(r.p50Ms())
              .append(" / p99 ")
              .append(r.p99Ms())
              .append(" / max ")
              .append(r.maxMs())
              .append(" ms)");
        }
      }
    }
    return line.toString();
  }

  private static void printNodeLogs(Path work) throws Exception {
    try (var logs = Files.list(work.resolve("nodes"))) {
      for (Path log : logs.toList()) {
        List<String> lines = Files.readAllLines(log);
        System.err.println("---- " + log);
        lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.err::println);
      }
    }
  }
}
