package org.playhead.chaos.monkey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Chaos Monkey's decisions, with nothing but a clock, a seeded random and what it is told: when the
 * next kill is due, whether it may happen (window, outage check, eligible nodes), which node, and
 * whether the steady state has deviated enough to abort. It sends no signal itself ({@link
 * MonkeyRun} does), so every decision is testable with a fake clock.
 */
public final class ChaosMonkey {
  /** A node the monkey could consider. */
  public record Candidate(String name, String group, boolean running) {}

  private final MonkeySettings settings;
  private final Clock clock;
  private final Random random;
  private Instant nextKillAt;
  private Instant lastKillAt;
  private Instant deviatingSince;
  private String abortedBecause;

  public ChaosMonkey(MonkeySettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.random = new Random(settings.seed());
    this.nextKillAt = settings.window().nextOpening(clock.instant().plus(gap()));
  }

  public Instant nextKillAt() {
    return nextKillAt;
  }

  public Optional<Instant> lastKillAt() {
    return Optional.ofNullable(lastKillAt);
  }

  /** A random gap: the minimum plus an exponential draw, so that the mean is as configured. */
  Duration gap() {
    long min = settings.minTimeBetweenKills().toMillis();
    long extraMean = settings.meanTimeBetweenKills().toMillis() - min;
    double u = 1.0 - random.nextDouble(); // (0, 1]: the log is finite
    return Duration.ofMillis(min + Math.round(-Math.log(u) * extraMean));
  }

  /**
   * One tick.
   *
   * @param nodes the cluster's nodes
   * @param outage why the cluster is unhealthy right now, or empty
   * @param baseline the steady state before the monkey started
   * @param current the steady state now
   */
  public MonkeyDecision tick(
      List<Candidate> nodes,
      Optional<String> outage,
      SteadyFigures baseline,
      SteadyFigures current) {
    Instant now = clock.instant();
    if (abortedBecause != null) {
      return new MonkeyDecision.Abort(now, abortedBecause);
    }
    Optional<String> deviation = settings.abort().deviation(baseline, current);
    boolean inGrace =
        lastKillAt != null && now.isBefore(lastKillAt.plus(settings.abort().graceAfterKill()));
    if (deviation.isEmpty() || inGrace) {
      deviatingSince = null;
    } else {
      if (deviatingSince == null) {
        deviatingSince = now;
      }
      if (!now.isBefore(deviatingSince.plus(settings.abort().deviationFor()))) {
        abortedBecause = "steady state deviated: " + deviation.get();
        return new MonkeyDecision.Abort(now, abortedBecause);
      }
    }
    if (now.isBefore(nextKillAt)) {
      return new MonkeyDecision.Wait(now, nextKillAt, "next kill not due");
    }
    if (!settings.window().contains(now)) {
      nextKillAt = settings.window().nextOpening(now);
      return new MonkeyDecision.Wait(now, nextKillAt, "outside the window " + settings.window());
    }
    List<Candidate> eligible =
        nodes.stream()
            .filter(Candidate::running)
            .filter(n -> settings.optInGroups().contains(n.group()))
            .filter(n -> !settings.exceptions().contains(n.name()))
            .toList();
    if (eligible.isEmpty()) {
      return skip(now, "no running node of the opted-in groups " + settings.optInGroups());
    }
    if (settings.outageCheck() && outage.isPresent()) {
      return skip(now, "cluster already unhealthy: " + outage.get());
    }
    Candidate victim = eligible.get(random.nextInt(eligible.size()));
    lastKillAt = now;
    deviatingSince = null;
    nextKillAt = settings.window().nextOpening(now.plus(gap()));
    return new MonkeyDecision.Kill(now, victim.name(), settings.leashed());
  }

  private MonkeyDecision skip(Instant now, String reason) {
    nextKillAt = settings.window().nextOpening(now.plus(gap()));
    return new MonkeyDecision.Skip(now, reason, nextKillAt);
  }
}
