package org.playhead.chaos.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.playhead.chaos.cluster.CassandraControl;
import org.playhead.chaos.cluster.Fault;
import org.playhead.chaos.cluster.NodeTarget;
import org.playhead.chaos.drill.Drill;
import org.playhead.chaos.drill.DrillPlan;
import org.playhead.chaos.drill.SettleRule;
import org.playhead.chaos.report.DrillReport;
import org.playhead.chaos.report.ReportFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code playhead chaos drill}: a drill from the command line; exit code 0 when it passes. */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a cluster and players, injects faults in order, verifies every answer players got,"
          + " and writes report.json and report.html.",
      "Faults: kill9[:random|oldest|node-N], sigterm[:target], freeze[:target][:duration],"
          + " restart[:node-N], cassandra[:downtime]."
    })
final class DrillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin UnderLoadOptions load;

  private final List<Fault> faults = new ArrayList<>();

  /** The faults given, in order (none: one kill -9 of a random node). */
  List<Fault> faults() {
    return List.copyOf(faults);
  }

  @Option(
      names = "--kill",
      paramLabel = "TARGET",
      description =
          "kill -9 a node: random, oldest or node-N (repeatable; same as --fault kill9:TARGET)")
  void kill(String target) {
    faults.add(new Fault.Kill(NodeTarget.parse(target)));
  }

  @Option(
      names = "--fault",
      paramLabel = "FAULT",
      description = "a fault, in the order given (repeatable)")
  void fault(String text) {
    faults.add(Fault.parse(text));
  }

  @Option(
      names = "--baseline",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "players measured before the first fault (default: ${DEFAULT-VALUE})")
  Duration baseline;

  @Option(
      names = "--observe",
      defaultValue = "90s",
      converter = DurationConverter.class,
      description = "longest a fault is watched (default: ${DEFAULT-VALUE})")
  Duration observe;

  @Option(
      names = "--ramp-timeout",
      defaultValue = "180s",
      converter = DurationConverter.class,
      description = "longest the players may take to start (default: ${DEFAULT-VALUE})")
  Duration rampTimeout;

  @Option(
      names = "--no-restart",
      description =
          "leave killed or stopped nodes down (default: restart them, as an orchestrator would)")
  boolean noRestart;

  @Override
  public Integer call() {
    List<Fault> chosen =
        faults.isEmpty() ? List.of(new Fault.Kill(new NodeTarget.Random())) : faults;
    boolean needsCassandractl = chosen.stream().anyMatch(f -> f instanceof Fault.RestartCassandra);
    DrillPlan plan =
        new DrillPlan(
            load.cluster.spec(),
            load.players.config(),
            rampTimeout,
            baseline,
            chosen,
            observe,
            !noRestart,
            SettleRule.defaults(),
            Duration.ofSeconds(7),
            needsCassandractl ? Optional.of(CassandraControl.locateLauncher()) : Optional.empty(),
            load.outputDir("drills"));
    String id = Drill.newId(Instant.now());
    var err = spec.commandLine().getErr();
    var stdout = spec.commandLine().getOut();
    DrillReport report = new Drill(id, plan, message -> err.println("chaos: " + message)).run();
    Path dir = plan.outputDir().resolve(id).toAbsolutePath();
    stdout.println(org.playhead.chaos.report.ReportSummary.of(report));
    stdout.println("report: " + dir.resolve(ReportFiles.HTML));
    stdout.flush();
    return report.passed() ? 0 : 1;
  }
}
