package org.playhead.chaos.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The monkey's decisions against a fake clock: nothing sleeps, nothing is killed. */
class ChaosMonkeyTest {
  private static final Instant MONDAY_9 = Instant.parse("2026-01-05T09:00:00Z");
  private static final SteadyFigures FINE = new SteadyFigures(10, 0.999);
  private static final List<ChaosMonkey.Candidate> NODES =
      List.of(
          new ChaosMonkey.Candidate("node-1", "core", true),
          new ChaosMonkey.Candidate("node-2", "core", true),
          new ChaosMonkey.Candidate("node-3", "canary", true));

  private static MonkeySettings settings(
      Duration mean,
      Duration min,
      String window,
      Set<String> groups,
      Set<String> except,
      boolean leashed) {
    return new MonkeySettings(
        mean,
        min,
        ScheduleWindow.parse(window),
        groups,
        except,
        leashed,
        true,
        SteadyStateRule.defaults(),
        42);
  }

  private static MonkeySettings everyMinute() {
    return settings(
        Duration.ofMinutes(1),
        Duration.ofSeconds(20),
        "always",
        Set.of("core", "canary"),
        Set.of(),
        false);
  }

  @Test
  void waitsUntilTheKillIsDueThenKills() {
    FakeClock clock = new FakeClock(MONDAY_9);
    ChaosMonkey monkey = new ChaosMonkey(everyMinute(), clock);
    Instant due = monkey.nextKillAt();
    assertTrue(!due.isBefore(MONDAY_9.plusSeconds(20)), "at least the minimum gap: " + due);
    MonkeyDecision early = monkey.tick(NODES, Optional.empty(), FINE, FINE);
    assertEquals(due, ((MonkeyDecision.Wait) early).until());

    clock.set(due);
    MonkeyDecision.Kill kill =
        assertInstanceOf(
            MonkeyDecision.Kill.class, monkey.tick(NODES, Optional.empty(), FINE, FINE));
    assertFalse(kill.leashed());
    assertTrue(kill.node().startsWith("node-"));
    assertEquals(Optional.of(due), monkey.lastKillAt());
    assertTrue(!monkey.nextKillAt().isBefore(due.plusSeconds(20)));
  }

  @Test
  void gapsNeverUnderTheMinimumAndAverageTheMean() {
    FakeClock clock = new FakeClock(MONDAY_9);
    ChaosMonkey monkey = new ChaosMonkey(everyMinute(), clock);
    List<Duration> gaps = new ArrayList<>();
    Instant last = null;
    for (int kills = 0; kills < 2000; ) {
      clock.set(monkey.nextKillAt());
      MonkeyDecision d = monkey.tick(NODES, Optional.empty(), FINE, FINE);
      if (d instanceof MonkeyDecision.Kill) {
        if (last != null) {
          gaps.add(Duration.between(last, d.at()));
        }
        last = d.at();
        kills++;
      }
    }
    assertTrue(gaps.stream().allMatch(g -> g.compareTo(Duration.ofSeconds(20)) >= 0));
    double meanSeconds = gaps.stream().mapToLong(Duration::toMillis).average().orElseThrow() / 1000;
    assertEquals(60, meanSeconds, 4, "mean gap");
  }

  @Test
  void outsideTheWindowItWaitsForTheNextOpening() {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-09T14:59:50Z")); // Friday
    ChaosMonkey monkey =
        new ChaosMonkey(
            settings(
                Duration.ofMinutes(1),
                Duration.ofSeconds(30),
                "MON-FRI 09:00-15:00",
                Set.of("core"),
                Set.of(),
                false),
            clock);
    assertEquals(
        Instant.parse("2026-01-12T09:00:00Z"), monkey.nextKillAt(), "Friday 15:00 is closed");
    clock.set(Instant.parse("2026-01-10T12:00:00Z"));
    assertInstanceOf(MonkeyDecision.Wait.class, monkey.tick(NODES, Optional.empty(), FINE, FINE));
    clock.set(Instant.parse("2026-01-12T09:00:00Z"));
    assertInstanceOf(MonkeyDecision.Kill.class, monkey.tick(NODES, Optional.empty(), FINE, FINE));
  }

  @Test
  void killsOnlyRunningOptedInNodesThatAreNotExceptions() {
    FakeClock clock = new FakeClock(MONDAY_9);
    ChaosMonkey monkey =
        new ChaosMonkey(
            settings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                "always",
                Set.of("core"),
                Set.of("node-1"),
                false),
            clock);
    Set<String> victims = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      clock.set(monkey.nextKillAt());
      MonkeyDecision d = monkey.tick(NODES, Optional.empty(), FINE, FINE);
      victims.add(((MonkeyDecision.Kill) d).node());
    }
    assertEquals(Set.of("node-2"), victims, "node-1 excepted, node-3 not opted in");

    clock.set(monkey.nextKillAt());
    List<ChaosMonkey.Candidate> node2Down =
        List.of(NODES.get(0), new ChaosMonkey.Candidate("node-2", "core", false), NODES.get(2));
    MonkeyDecision.Skip skip =
        assertInstanceOf(
            MonkeyDecision.Skip.class, monkey.tick(node2Down, Optional.empty(), FINE, FINE));
    assertTrue(skip.reason().contains("no running node"));
    assertTrue(skip.next().isAfter(clock.instant()));
  }

  @Test
  void skipsWhileTheClusterIsAlreadyUnhealthy() {
    FakeClock clock = new FakeClock(MONDAY_9);
    ChaosMonkey monkey = new ChaosMonkey(everyMinute(), clock);
    clock.set(monkey.nextKillAt());
    MonkeyDecision.Skip skip =
        assertInstanceOf(
            MonkeyDecision.Skip.class,
            monkey.tick(NODES, Optional.of("node-2 is killed"), FINE, FINE));
    assertTrue(skip.reason().contains("node-2 is killed"));
    assertEquals(Optional.empty(), monkey.lastKillAt());
  }

  @Test
  void leashedItOnlySaysWhatItWouldKill() {
    FakeClock clock = new FakeClock(MONDAY_9);
    ChaosMonkey monkey =
        new ChaosMonkey(
            settings(
                Duration.ofMinutes(1), Duration.ZERO, "always", Set.of("core"), Set.of(), true),
            clock);
    clock.set(monkey.nextKillAt());
    MonkeyDecision.Kill kill =
        assertInstanceOf(
            MonkeyDecision.Kill.class, monkey.tick(NODES, Optional.empty(), FINE, FINE));
    assertTrue(kill.leashed());
  }

  @Test
  void abortsWhenTheSteadyStateDeviatesBeyondTheGraceAfterAKill() {
    FakeClock clock = new FakeClock(MONDAY_9);
    ChaosMonkey monkey =
        new ChaosMonkey(
            settings(
                Duration.ofMinutes(10),
                Duration.ofMinutes(5),
                "always",
                Set.of("core"),
                Set.of(),
                false),
            clock);
    SteadyFigures hurt = new SteadyFigures(2, 0.70);
    clock.set(monkey.nextKillAt());
    assertInstanceOf(MonkeyDecision.Kill.class, monkey.tick(NODES, Optional.empty(), FINE, FINE));
    // Within the 45 s grace a kill may hurt players.
    clock.advance(Duration.ofSeconds(30));
    assertFalse(monkey.tick(NODES, Optional.empty(), FINE, hurt) instanceof MonkeyDecision.Abort);
    // After it, a deviation lasting 5 s aborts, for good.
    clock.advance(Duration.ofSeconds(20));
    assertFalse(monkey.tick(NODES, Optional.empty(), FINE, hurt) instanceof MonkeyDecision.Abort);
    clock.advance(Duration.ofSeconds(3));
    assertFalse(
        monkey.tick(NODES, Optional.empty(), FINE, FINE) instanceof MonkeyDecision.Abort,
        "recovered: the deviation clock restarts");
    clock.advance(Duration.ofSeconds(1));
    monkey.tick(NODES, Optional.empty(), FINE, hurt);
    clock.advance(Duration.ofSeconds(5));
    MonkeyDecision.Abort abort =
        assertInstanceOf(
            MonkeyDecision.Abort.class, monkey.tick(NODES, Optional.empty(), FINE, hurt));
    assertTrue(abort.reason().contains("starts/s"));
    clock.advance(Duration.ofMinutes(10));
    assertInstanceOf(MonkeyDecision.Abort.class, monkey.tick(NODES, Optional.empty(), FINE, FINE));
  }

  @Test
  void settingsRefuseWhatCannotWork() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            settings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                "always",
                Set.of("core"),
                Set.of(),
                false));
    assertThrows(
        IllegalArgumentException.class,
        () -> settings(Duration.ZERO, Duration.ZERO, "always", Set.of("core"), Set.of(), false));
    assertThrows(
        IllegalArgumentException.class,
        () -> settings(Duration.ofSeconds(10), Duration.ZERO, "always", Set.of(), Set.of(), false));
  }
}
