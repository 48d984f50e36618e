package org.playhead.chaos.monkey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.playhead.chaos.Await;
import org.playhead.chaos.cluster.ClusterNode;
import org.playhead.chaos.cluster.NodeState;
import org.playhead.chaos.cluster.PlayheadCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ChaosMonkey} against a live cluster for a while: a warm-up measures the steady
 * state, then every second the monkey decides; a kill is a real kill -9, and the killed node is
 * restarted after {@code restartAfter}, as an orchestrator would replace an instance.
 */
public final class MonkeyRun {
  /** How often the loop looks again: the drill's and the monkey's clock tick. */
  private static final Duration TICK = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(MonkeyRun.class);

  /** What happened: every decision but the waits, and how the run ended. */
  public record Result(
      Instant startedAt,
      Instant finishedAt,
      SteadyFigures baseline,
      List<MonkeyDecision> decisions,
      int kills,
      int skips,
      String abortedBecause) {}

  private final PlayheadCluster cluster;
  private final Supplier<SteadyFigures> steadyState;
  private final MonkeySettings settings;
  private final Duration restartAfter;
  private final Consumer<String> say;
  private final ExecutorService restarts = Executors.newSingleThreadExecutor();

  public MonkeyRun(
      PlayheadCluster cluster,
      Supplier<SteadyFigures> steadyState,
      MonkeySettings settings,
      Duration restartAfter,
      Consumer<String> say) {
    this.cluster = cluster;
    this.steadyState = steadyState;
    this.settings = settings;
    this.restartAfter = restartAfter;
    this.say = say;
  }

  public Result run(Duration warmUp, Duration duration) throws InterruptedException {
    Instant started = Instant.now();
    SteadyFigures baseline = measure(warmUp);
    say.accept(
        String.format(
            java.util.Locale.ROOT,
            "baseline: %.2f starts/s, heartbeat success %.2f%%",
            baseline.startsPerSecond(),
            baseline.heartbeatSuccessRate() * 100));
    ChaosMonkey monkey = new ChaosMonkey(settings, Clock.systemUTC());
    say.accept(
        "first kill due at " + monkey.nextKillAt() + (settings.leashed() ? " (leashed)" : ""));
    List<MonkeyDecision> decisions = new ArrayList<>();
    int kills = 0;
    int skips = 0;
    String aborted = null;
    Instant end = started.plus(warmUp).plus(duration);
    try {
      while (Instant.now().isBefore(end)) {
        List<ChaosMonkey.Candidate> nodes =
            cluster.nodes().stream()
                .map(
                    n ->
                        new ChaosMonkey.Candidate(
                            n.name(), n.group(), n.state() == NodeState.RUNNING))
                .toList();
        Optional<String> outage = cluster.problem();
        MonkeyDecision decision = monkey.tick(nodes, outage, baseline, steadyState.get());
        if (decision instanceof MonkeyDecision.Kill kill) {
          decisions.add(decision);
          kills++;
          if (kill.leashed()) {
            say.accept(
                "leashed: would kill -9 " + kill.node() + " now; next due " + monkey.nextKillAt());
          } else {
            say.accept("kill -9 " + kill.node() + "; next due " + monkey.nextKillAt());
            ClusterNode node = cluster.node(kill.node());
            node.kill9();
            scheduleRestart(node);
          }
        } else if (decision instanceof MonkeyDecision.Skip skip) {
          decisions.add(decision);
          skips++;
          say.accept("skipped a kill: " + skip.reason() + "; next due " + skip.next());
        } else if (decision instanceof MonkeyDecision.Abort abort) {
          decisions.add(decision);
          aborted = abort.reason();
          say.accept("ABORT: " + abort.reason());
          break;
        }
        Await.elapse(TICK);
      }
    } finally {
      restarts.shutdown();
      // A node being restarted gets to finish, so the cluster is whole when the caller closes it.
      restarts.awaitTermination(
          restartAfter.toMillis() + 120_000, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return new Result(started, Instant.now(), baseline, decisions, kills, skips, aborted);
  }

  private SteadyFigures measure(Duration warmUp) throws InterruptedException {
    Instant until = Instant.now().plus(warmUp);
    double starts = 0;
    double success = 0;
    int samples = 0;
    while (Instant.now().isBefore(until)) {
      Await.elapse(TICK);
      SteadyFigures now = steadyState.get();
      starts += now.startsPerSecond();
      success += now.heartbeatSuccessRate();
      samples++;
    }
    return samples == 0
        ? steadyState.get()
        : new SteadyFigures(starts / samples, success / samples);
  }

  private void scheduleRestart(ClusterNode node) {
    restarts.submit(
        () -> {
          try {
            Await.elapse(restartAfter);
            cluster.restart(node.name());
            say.accept(node.name() + " restarted and Up");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            log.error("Restart of {} failed", node.name(), e);
            say.accept("restart of " + node.name() + " failed: " + e.getMessage());
          }
        });
  }
}
