package org.playhead.chaos.load;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * How the simulated players behave around the edges: timeouts, backoff, think times, the ramp of
 * the first starts. The defaults suit drills on a small cluster; tests shorten some.
 *
 * @param requestTimeout a call with no answer by then failed (the player moves to another node); a
 *     little over the nodes' own ask timeout (5 s), so that a slow entity comes back as the node's
 *     503 rather than as a client timeout
 * @param minBackoff first wait before retrying after a failure; doubles up to {@code maxBackoff}
 * @param maxBackoff longest wait between retries
 * @param thinkAfterStop a player starts its next session this long (up to twice it) after a stop
 * @param retryAfterRefusal a refused start is retried after this long (up to twice it), or after
 *     the server's {@code Retry-After} when longer: a viewer told "too many streams" tries again
 *     later, not every few seconds (at 5 s the full accounts' contenders sent about one cold start
 *     per 7 heartbeats, each a new session entity recovered from the journal)
 * @param initialStartsPerSecond the players' first starts are spread over time at this rate (and
 *     over at least one heartbeat interval)
 * @param initialStartsInFlight and at most this many of them are in flight at once: each is a cold
 *     account, session and bookmark entity, so a slow cluster paces the ramp instead of timing out
 *     under it
 * @param tokenTtl players' tokens live this long; a player mints a new one halfway
 * @param stopDeadline how long a clean stop keeps retrying the players' stops
 * @param titles how many titles players choose from (a profile resumes a title it watched before)
 * @param accountPrefix account ids are this plus a number; unique per run so that every drill
 *     starts from empty accounts
 * @param plans the plans accounts cycle through
 */
public record SimulatorTuning(
    Duration requestTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    Duration thinkAfterStop,
    Duration retryAfterRefusal,
    double initialStartsPerSecond,
    int initialStartsInFlight,
    Duration tokenTtl,
    Duration stopDeadline,
    int titles,
    String accountPrefix,
    List<PlanTier> plans) {

  public SimulatorTuning {
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(minBackoff, "minBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(thinkAfterStop, "thinkAfterStop");
    requirePositive(retryAfterRefusal, "retryAfterRefusal");
    requirePositive(tokenTtl, "tokenTtl");
    requirePositive(stopDeadline, "stopDeadline");
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be below minBackoff");
    }
    if (tokenTtl.compareTo(Duration.ofMinutes(2)) < 0) {
      throw new IllegalArgumentException("tokenTtl must be at least 2 minutes");
    }
    if (!(initialStartsPerSecond > 0)) {
      throw new IllegalArgumentException("initialStartsPerSecond must be positive");
    }
    if (initialStartsInFlight < 1) {
      throw new IllegalArgumentException("initialStartsInFlight must be at least 1");
    }
    if (titles < 1) {
      throw new IllegalArgumentException("titles must be at least 1");
    }
    if (accountPrefix == null || !accountPrefix.matches("[A-Za-z0-9._:-]{1,40}")) {
      throw new IllegalArgumentException("accountPrefix must be 1-40 of [A-Za-z0-9._:-]");
    }
    plans = List.copyOf(plans);
    if (plans.isEmpty()) {
      throw new IllegalArgumentException("at least one plan");
    }
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  public static SimulatorTuning defaults() {
    return new SimulatorTuning(
        Duration.ofSeconds(6),
        Duration.ofMillis(200),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        100,
        32,
        Duration.ofHours(1),
        Duration.ofSeconds(30),
        50,
        "sim-" + UUID.randomUUID().toString().substring(0, 8),
        PlanTier.DEFAULTS);
  }

  public SimulatorTuning withRequestTimeout(Duration timeout) {
    return new SimulatorTuning(
        timeout,
        minBackoff,
        maxBackoff,
        thinkAfterStop,
        retryAfterRefusal,
        initialStartsPerSecond,
        initialStartsInFlight,
        tokenTtl,
        stopDeadline,
        titles,
        accountPrefix,
        plans);
  }

  public SimulatorTuning withAccountPrefix(String prefix) {
    return new SimulatorTuning(
        requestTimeout,
        minBackoff,
        maxBackoff,
        thinkAfterStop,
        retryAfterRefusal,
        initialStartsPerSecond,
        initialStartsInFlight,
        tokenTtl,
        stopDeadline,
        titles,
        prefix,
        plans);
  }

  /** The ramp of the first starts: at most this rate, at most this many in flight. */
  public SimulatorTuning withRamp(double startsPerSecond, int inFlight) {
    return new SimulatorTuning(
        requestTimeout,
        minBackoff,
        maxBackoff,
        thinkAfterStop,
        retryAfterRefusal,
        startsPerSecond,
        inFlight,
        tokenTtl,
        stopDeadline,
        titles,
        accountPrefix,
        plans);
  }

  public SimulatorTuning withStopDeadline(Duration deadline) {
    return new SimulatorTuning(
        requestTimeout,
        minBackoff,
        maxBackoff,
        thinkAfterStop,
        retryAfterRefusal,
        initialStartsPerSecond,
        initialStartsInFlight,
        tokenTtl,
        deadline,
        titles,
        accountPrefix,
        plans);
  }
}
