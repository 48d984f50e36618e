package org.playhead.chaos.monkey;

import java.time.Duration;
import java.util.Set;

/**
 * How the chaos monkey behaves.
 *
 * @param meanTimeBetweenKills the average gap between kills (gaps are random: the minimum plus an
 *     exponential draw, so kills cannot be predicted)
 * @param minTimeBetweenKills no two kills closer than this
 * @param window when kills may happen; a kill falling outside waits for the next opening
 * @param optInGroups only nodes of these groups may be killed (opt-in, as in Chaos Monkey)
 * @param exceptions nodes never killed, whatever their group
 * @param leashed dry run: decide and log kills, never send a signal
 * @param outageCheck skip a kill while the cluster is already unhealthy
 * @param abort when the steady state deviates enough to stop the monkey
 * @param seed for the gaps and the choice of victims
 */
public record MonkeySettings(
    Duration meanTimeBetweenKills,
    Duration minTimeBetweenKills,
    ScheduleWindow window,
    Set<String> optInGroups,
    Set<String> exceptions,
    boolean leashed,
    boolean outageCheck,
    SteadyStateRule abort,
    long seed) {

  public MonkeySettings {
    if (meanTimeBetweenKills.isNegative() || meanTimeBetweenKills.isZero()) {
      throw new IllegalArgumentException("the mean time between kills must be positive");
    }
    if (minTimeBetweenKills.isNegative()
        || minTimeBetweenKills.compareTo(meanTimeBetweenKills) > 0) {
      throw new IllegalArgumentException(
          "the minimum time between kills must be between 0 and the mean");
    }
    optInGroups = Set.copyOf(optInGroups);
    exceptions = Set.copyOf(exceptions);
    if (optInGroups.isEmpty()) {
      throw new IllegalArgumentException("opt in at least one group of nodes");
    }
  }
}
