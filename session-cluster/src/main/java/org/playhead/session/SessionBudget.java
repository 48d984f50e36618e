package org.playhead.session;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * What one session may cost: heartbeat reports per second, and journal writes a player can cause
 * (state changes, steering decisions). A hostile player toggling pause and play sent 100 reports in
 * one request and cost 198 journal writes; with this budget its reports beyond the cap are refused
 * (429 with {@code Retry-After}, gRPC RESOURCE_EXHAUSTED) and its state changes beyond the write
 * rate move only in memory until the budget allows the write (or a checkpoint or the stop writes
 * them).
 *
 * <p>Each budget is one number, the theoretical arrival time of GCRA (the virtual-scheduling form
 * of a token bucket), as {@code StartRateLimiter} keeps per account: a report (or write) fits when
 * that time is at most the burst's worth of intervals ahead of now, and moves it one interval on.
 * Immutable and two longs: a live session holds one, replaced as it spends.
 *
 * <p>Used once per report ({@link #reportWaitMs}, then {@link #afterReport}) and once per write
 * ({@link #writeWaitMs}, then {@link #afterWrite}); a heartbeat batch is one report.
 *
 * @param reportsAtMs the reports' theoretical arrival time
 * @param writesAtMs the writes' theoretical arrival time
 */
public record SessionBudget(long reportsAtMs, long writesAtMs) {

  /** A session that has spent nothing. */
  public static final SessionBudget FULL = new SessionBudget(0, 0);

  /**
   * The budget's sizes, read once from {@code playhead.session.budget}.
   *
   * @param reportBurst reports a session may send at once
   * @param reportInterval one more report fits per interval (at most a second, so that a refused
   *     player is told {@code Retry-After: 1} truthfully)
   * @param writeBurst journal writes a player may cause at once
   * @param writeInterval one more write fits per interval
   */
  public record Limits(
      int reportBurst, Duration reportInterval, int writeBurst, Duration writeInterval) {

    /** The defaults: 10 reports at once and 2 a second; 4 writes at once and 1 a minute. */
    public static final Limits DEFAULT =
        new Limits(10, Duration.ofMillis(500), 4, Duration.ofMinutes(1));

    public Limits {
      if (reportBurst < 1 || writeBurst < 1) {
        throw new IllegalArgumentException("a budget's burst must be at least 1");
      }
      if (reportInterval.isNegative()
          || reportInterval.isZero()
          || reportInterval.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("the report interval must be within (0, 1s]");
      }
      if (writeInterval.isNegative() || writeInterval.isZero()) {
        throw new IllegalArgumentException("the write interval must be positive");
      }
    }

    public static Limits fromConfig(Config config) {
      Config c = config.getConfig("playhead.session.budget");
      return new Limits(
          c.getInt("report-burst"),
          Duration.ofNanos(Math.round(1e9 / c.getDouble("reports-per-second"))),
          c.getInt("write-burst"),
          c.getDuration("write-every"));
    }
  }

  /** Zero when one more report fits now; otherwise how long until one does. */
  public long reportWaitMs(long nowMs, Limits limits) {
    return wait(reportsAtMs, nowMs, limits.reportBurst(), limits.reportInterval().toMillis());
  }

  /** This budget with one report spent at {@code nowMs}. */
  public SessionBudget afterReport(long nowMs, Limits limits) {
    return new SessionBudget(
        Math.max(reportsAtMs, nowMs) + limits.reportInterval().toMillis(), writesAtMs);
  }

  /** Zero when one more journal write fits now; otherwise how long until one does. */
  public long writeWaitMs(long nowMs, Limits limits) {
    return wait(writesAtMs, nowMs, limits.writeBurst(), limits.writeInterval().toMillis());
  }

  /** This budget with one write spent at {@code nowMs}. */
  public SessionBudget afterWrite(long nowMs, Limits limits) {
    return new SessionBudget(
        reportsAtMs, Math.max(writesAtMs, nowMs) + limits.writeInterval().toMillis());
  }

  private static long wait(long arrivalMs, long nowMs, int burst, long intervalMs) {
    long tolerance = (burst - 1) * intervalMs;
    return Math.max(0, arrivalMs - tolerance - nowMs);
  }
}
