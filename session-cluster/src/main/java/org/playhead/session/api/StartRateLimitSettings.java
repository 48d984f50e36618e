package org.playhead.session.api;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The start rate limits, read once from {@code playhead.rate-limits.starts}.
 *
 * @param perAccount the bucket every account's starts draw from
 * @param perDevice the bucket each (account, device) pair's starts draw from
 * @param maxTrackedKeys buckets (accounts' and devices' together) tracked at once; beyond it
 *     buckets are forgotten, full ones first
 */
public record StartRateLimitSettings(Limit perAccount, Limit perDevice, int maxTrackedKeys) {

  /**
   * A token bucket: {@code burst} tokens, refilled at {@code perMinute} tokens a minute.
   *
   * @param burst starts allowed at once from a full bucket
   * @param perMinute sustained starts a minute
   */
  public record Limit(int burst, int perMinute) {
    public Limit {
      if (burst < 1 || perMinute < 1) {
        throw new IllegalArgumentException(
            "rate-limits burst and per-minute must be at least 1, got " + burst + "/" + perMinute);
      }
      // The limiter keeps time in microseconds: a faster refill would round to no refill at all.
      if (perMinute > 60_000_000) {
        throw new IllegalArgumentException(
            "rate-limits per-minute must be at most 60000000 (one a microsecond), got "
                + perMinute);
      }
    }

    /** The time one token takes to come back. */
    public Duration refillInterval() {
      return Duration.ofMinutes(1).dividedBy(perMinute);
    }

    static Limit fromConfig(Config c) {
      return new Limit(c.getInt("burst"), c.getInt("per-minute"));
    }
  }

  public StartRateLimitSettings {
    if (maxTrackedKeys < 16) {
      throw new IllegalArgumentException(
          "playhead.rate-limits.starts.max-tracked-keys must be at least 16");
    }
  }

  public static StartRateLimitSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.rate-limits.starts");
    return new StartRateLimitSettings(
        Limit.fromConfig(c.getConfig("per-account")),
        Limit.fromConfig(c.getConfig("per-device")),
        c.getInt("max-tracked-keys"));
  }
}
