package org.playhead.chaos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.playhead.chaos.cluster.PlayheadCluster;
import org.playhead.chaos.load.PlayerSimulator;
import org.playhead.chaos.load.SteadyState;
import org.playhead.chaos.monkey.MonkeyRun;
import org.playhead.chaos.monkey.MonkeySettings;
import org.playhead.chaos.monkey.ScheduleWindow;
import org.playhead.chaos.monkey.SteadyFigures;
import org.playhead.chaos.monkey.SteadyStateRule;
import org.playhead.chaos.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code playhead chaos monkey}: kills on a schedule while players play. */
@Command(
    name = "monkey",
    mixinStandardHelpOptions = true,
    description = {
      "Chaos Monkey against a cluster under load: kill -9 of a random opted-in node on a random"
          + " schedule (mean and minimum gap, inside a time window), skipping kills while the"
          + " cluster is unhealthy, aborting when the steady state (starts/s, heartbeat success)"
          + " deviates. Killed nodes are restarted after --restart-after."
    })
final class MonkeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin UnderLoadOptions load;

  @Option(
      names = "--duration",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "how long the monkey runs after the warm-up (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--warm-up",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "players measured for the steady-state baseline first (default: ${DEFAULT-VALUE})")
  Duration warmUp;

  @Option(
      names = "--mean",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "mean time between kills (default: ${DEFAULT-VALUE})")
  Duration mean;

  @Option(
      names = "--min",
      defaultValue = "45s",
      converter = DurationConverter.class,
      description = "minimum time between kills (default: ${DEFAULT-VALUE})")
  Duration min;

  @Option(
      names = "--window",
      defaultValue = "always",
      description =
          "when kills may happen: always, or like 'MON-FRI 09:00-15:00 Europe/Paris' (default: ${DEFAULT-VALUE})")
  String window;

  @Option(
      names = "--opt-in",
      paramLabel = "GROUP",
      description = "node groups the monkey may kill (repeatable; default: default)")
  List<String> optIn = new ArrayList<>();

  @Option(names = "--except", paramLabel = "NODE", description = "nodes never killed (repeatable)")
  List<String> except = new ArrayList<>();

  @Option(names = "--leashed", description = "dry run: log the kills it would make, make none")
  boolean leashed;

  @Option(names = "--no-outage-check", description = "kill even while the cluster is unhealthy")
  boolean noOutageCheck;

  @Option(
      names = "--max-starts-drop",
      defaultValue = "0.5",
      description =
          "abort when starts/s fall by more than this fraction (default: ${DEFAULT-VALUE})")
  double maxStartsDrop;

  @Option(
      names = "--max-success-drop",
      defaultValue = "0.05",
      description =
          "abort when heartbeat success falls more than this below the baseline (default: ${DEFAULT-VALUE})")
  double maxSuccessDrop;

  @Option(
      names = "--grace",
      defaultValue = "45s",
      converter = DurationConverter.class,
      description = "after a kill, deviations are expected this long (default: ${DEFAULT-VALUE})")
  Duration grace;

  @Option(
      names = "--restart-after",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "a killed node is restarted after this (default: ${DEFAULT-VALUE})")
  Duration restartAfter;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    MonkeySettings settings =
        new MonkeySettings(
            mean,
            min,
            ScheduleWindow.parse(window),
            new HashSet<>(optIn.isEmpty() ? List.of("default") : optIn),
            new HashSet<>(except),
            leashed,
            !noOutageCheck,
            new SteadyStateRule(maxStartsDrop, maxSuccessDrop, grace, Duration.ofSeconds(5)),
            load.players.seed);
    try (PlayheadCluster running = PlayheadCluster.start(load.cluster.spec());
        PlayerSimulator sim =
            PlayerSimulator.start(
                load.players.config(), running.endpoints(), load.cluster.spec().devKeysFile())) {
      MonkeyRun run =
          new MonkeyRun(
              running,
              () -> figures(sim.steadyState()),
              settings,
              restartAfter,
              message -> err.println("monkey: " + message));
      MonkeyRun.Result result = run.run(warmUp, duration);
      sim.stop();
      Path dir = load.outputDir("monkey");
      Files.createDirectories(dir);
      Path file =
          dir.resolve("monkey-" + result.startedAt().toString().replace(':', '-') + ".json");
      Files.writeString(file, ReportJson.write(result));
      var stdout = spec.commandLine().getOut();
      stdout.printf(
          "monkey: %d kill(s)%s, %d skipped, %s%n",
          result.kills(),
          leashed ? " (leashed: none made)" : "",
          result.skips(),
          result.abortedBecause() == null
              ? "ran to the end"
              : "ABORTED: " + result.abortedBecause());
      stdout.println("log: " + file.toAbsolutePath());
      stdout.flush();
      return result.abortedBecause() == null ? 0 : 3;
    }
  }

  private static SteadyFigures figures(SteadyState s) {
    return new SteadyFigures(s.startsPerSecond(), s.heartbeatSuccessRate());
  }
}
