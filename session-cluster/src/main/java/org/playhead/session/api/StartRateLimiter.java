package org.playhead.session.api;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * Rate-limits starts per account and per (account, device) before they reach any entity, so that a
 * misbehaving client cannot flood an account's entity with starts.
 *
 * <p>Each bucket is one number, its theoretical arrival time (GCRA, the virtual-scheduling form of
 * a token bucket): a start is allowed when the bucket's next token time minus now is at most the
 * burst's worth of refill, and consumes by moving that time one refill interval on. A bucket whose
 * time is in the past is full, carries no information, and can be forgotten: a forgotten bucket and
 * a fresh one behave the same.
 *
 * <p>The map holds one small immutable entry per account: the account's bucket and the buckets of
 * its devices that are not full (at most {@link #MAX_DEVICES_PER_ACCOUNT}, the closest to full
 * giving way). A check is one {@code ConcurrentHashMap.compute} on the account, so a start takes
 * from both buckets or from neither, with no lock of ours and no I/O.
 *
 * <p>Memory is bounded: the map holds at most {@code max-tracked-keys} accounts (plus, for an
 * instant, one per thread inserting while another sweeps). A new account arriving at the cap
 * sweeps: full entries go first, then, when a flood of invented ids keeps every bucket busy, the
 * entries closest to full, until the map is a tenth below the cap. Sweeps thus stay rare (at most
 * one per tenth of the cap of new accounts), the work per new account constant, and an account that
 * keeps starting (its bucket far from full) stays tracked through a flood. An account forgotten
 * that way starts again with a full burst; that is the price of a bounded map.
 *
 * <p>Node-local: each node counts only the starts it serves. Behind a load balancer spreading an
 * account over N nodes the account may start up to about N times the configured rates; each node's
 * path to the account's entity is still protected, and no check costs a network hop.
 */
public final class StartRateLimiter {
  /** The largest plan allows 10 devices; a few more leave room for devices coming and going. */
  static final int MAX_DEVICES_PER_ACCOUNT = 16;

  private static final long MICROS_PER_MINUTE = 60_000_000L;
  private static final int SWEEP_SAMPLE = 1024;

  /** Which bucket refused a start. */
  public enum Scope {
    ACCOUNT,
    DEVICE
  }

  /**
   * A start's verdict.
   *
   * @param limitedBy the bucket that needs the longest wait, {@code null} when allowed
   * @param retryAfter how long until the same start would be allowed; zero when allowed
   */
  public record Decision(boolean allowed, Scope limitedBy, Duration retryAfter) {
    static final Decision ALLOWED = new Decision(true, null, Duration.ZERO);

    /** Whole seconds to wait, rounded up, as {@code Retry-After} says it (at least 1). */
    public long retryAfterSeconds() {
      return wholeSeconds(retryAfter);
    }
  }

  /** A wait in whole seconds, rounded up and at least 1: waiting less would be refused again. */
  static long wholeSeconds(Duration wait) {
    return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
  }

  private final Clock clock;
  private final int maxTrackedKeys;
  private final int lowWater;
  // Refill interval and burst tolerance (burst x interval) of each bucket kind, in microseconds.
  private final long accountInterval;
  private final long accountTolerance;
  private final long deviceInterval;
  private final long deviceTolerance;
  private final ConcurrentHashMap<String, Buckets> accounts;
  private final AtomicBoolean sweeping = new AtomicBoolean();

  public StartRateLimiter(StartRateLimitSettings settings, Clock clock) {
    this.clock = clock;
    this.maxTrackedKeys = settings.maxTrackedKeys();
    this.lowWater = maxTrackedKeys - Math.max(1, maxTrackedKeys / 10);
    this.accountInterval = MICROS_PER_MINUTE / settings.perAccount().perMinute();
    this.accountTolerance = accountInterval * settings.perAccount().burst();
    this.deviceInterval = MICROS_PER_MINUTE / settings.perDevice().perMinute();
    this.deviceTolerance = deviceInterval * settings.perDevice().burst();
    this.accounts = new ConcurrentHashMap<>(Math.min(maxTrackedKeys, 1024));
  }

  /** Takes a token from the account's and the device's bucket, or from neither. */
  public Decision tryStart(String accountId, String deviceId) {
    long now = clock.millis() * 1000;
    if (accounts.size() >= maxTrackedKeys && !accounts.containsKey(accountId)) {
      makeRoom(now);
    }
    Check check = new Check(deviceId, now);
    accounts.compute(accountId, check);
    return check.decision;
  }

  /**
   * The edge's check for a validated start.
   *
   * @throws RequestRejectedException 429 with the wait, when either bucket is empty
   */
  public void requireAllowed(StartInput.ValidStart start) {
    Decision decision = tryStart(start.facts().accountId(), start.facts().device().deviceId());
    if (!decision.allowed()) {
      throw new RequestRejectedException(problem(decision), decision.retryAfter());
    }
  }

  static Problem problem(Decision decision) {
    String who = decision.limitedBy() == Scope.ACCOUNT ? "this account" : "this device";
    return Problem.of(
        "rate-limited",
        "Too many starts",
        429,
        "Too many starts for " + who + "; retry after " + decision.retryAfterSeconds() + " s.");
  }

  /** Accounts currently tracked. */
  public int trackedKeys() {
    return accounts.size();
  }

  private void makeRoom(long now) {
    // One sweeper at a time; others go ahead and may pass the cap by one entry each meanwhile.
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      // Conditional removal: an entry updated meanwhile is a different value and stays.
      accounts.values().removeIf(buckets -> buckets.fullAfter() <= now);
      int excess = accounts.size() - lowWater;
      if (excess > 0) {
        long cutoff = cutoff(excess);
        accounts.values().removeIf(buckets -> buckets.fullAfter() <= cutoff);
      }
      Iterator<String> any = accounts.keySet().iterator();
      while (accounts.size() > lowWater && any.hasNext()) {
        any.next();
        any.remove();
      }
    } finally {
      sweeping.set(false);
    }
  }

  /**
   * The time by which about {@code excess} entries would be full anyway, estimated from a sample:
   * those hold the least information (a one-off start from an invented id), while an account that
   * keeps starting has its bucket far from full and stays tracked, and limited.
   */
  private long cutoff(int excess) {
    int size = accounts.size();
    long[] sample = new long[Math.min(size, SWEEP_SAMPLE)];
    int n = 0;
    // Iteration follows hash order, unrelated to time: its first entries are a fair sample.
    for (Iterator<Buckets> it = accounts.values().iterator(); it.hasNext() && n < sample.length; ) {
      sample[n++] = it.next().fullAfter();
    }
    if (n == 0) {
      return Long.MIN_VALUE;
    }
    Arrays.sort(sample, 0, n);
    int index = (int) Math.min(n - 1, (long) n * excess / Math.max(1, size));
    return sample[index];
  }

  /** One call's remapping: decides, and leaves its decision for the caller. */
  private final class Check implements BiFunction<String, Buckets, Buckets> {
    private final String device;
    private final long now;
    Decision decision = Decision.ALLOWED;

    Check(String device, long now) {
      this.device = device;
      this.now = now;
    }

    @Override
    public Buckets apply(String accountId, Buckets old) {
      int slot = old == null ? -1 : old.indexOf(device);
      long accountTat = old == null ? now : Math.max(old.accountTat, now);
      long deviceTat = slot < 0 ? now : Math.max(old.deviceTats[slot], now);
      long accountWait = accountTat + accountInterval - accountTolerance - now;
      long deviceWait = deviceTat + deviceInterval - deviceTolerance - now;
      if (accountWait > 0 || deviceWait > 0) {
        decision =
            new Decision(
                false,
                accountWait >= deviceWait ? Scope.ACCOUNT : Scope.DEVICE,
                Duration.of(Math.max(accountWait, deviceWait), ChronoUnit.MICROS));
        return old; // nothing consumed
      }
      return Buckets.admitted(
          old, now, device, accountTat + accountInterval, deviceTat + deviceInterval);
    }
  }

  /**
   * One account's bucket and its devices' buckets that are not full, the last one used first. Never
   * changed in place; the arrays are never shared with another entry.
   */
  private record Buckets(long accountTat, String[] devices, long[] deviceTats) {

    int indexOf(String device) {
      for (int i = 0; i < devices.length; i++) {
        if (devices[i].equals(device)) {
          return i;
        }
      }
      return -1;
    }

    /** When every bucket here will be full again (and the entry droppable), if unused. */
    long fullAfter() {
      long full = accountTat;
      for (long tat : deviceTats) {
        full = Math.max(full, tat);
      }
      return full;
    }

    /** The entry after a start: this device first, full devices dropped, at most the cap kept. */
    static Buckets admitted(Buckets old, long now, String device, long accountTat, long deviceTat) {
      int others = old == null ? 0 : old.devices.length;
      String[] devices = new String[others + 1];
      long[] tats = new long[others + 1];
      devices[0] = device;
      tats[0] = deviceTat;
      int kept = 1;
      for (int i = 0; i < others; i++) {
        if (old.deviceTats[i] > now && !old.devices[i].equals(device)) {
          devices[kept] = old.devices[i];
          tats[kept] = old.deviceTats[i];
          kept++;
        }
      }
      if (kept > MAX_DEVICES_PER_ACCOUNT) {
        // The bucket closest to full gives way (of equals, the longest unused): it holds the
        // least information.
        int closest = 1;
        for (int i = 2; i < kept; i++) {
          if (tats[i] <= tats[closest]) {
            closest = i;
          }
        }
        kept--;
        devices[closest] = devices[kept];
        tats[closest] = tats[kept];
      }
      if (kept < devices.length) {
        devices = Arrays.copyOf(devices, kept);
        tats = Arrays.copyOf(tats, kept);
      }
      return new Buckets(accountTat, devices, tats);
    }
  }
}
