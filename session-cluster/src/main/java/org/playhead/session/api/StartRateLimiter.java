package org.playhead.session.api;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

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
 * <p>Memory is bounded: at most {@code max-tracked-keys} buckets, accounts' and devices' together,
 * are tracked (plus, for an instant, two per thread starting at the same time). A start that could
 * pass the cap sweeps first: full entries go, then, when a flood of new ids keeps every bucket
 * busy, the entries closest to full, until a tenth of the cap is free. Sweeps thus stay rare (at
 * most one per tenth of the cap of new buckets), the work per new account constant, and an account
 * that keeps starting (its bucket far from full) stays tracked through a flood. An account
 * forgotten that way starts again with a full burst; that is the price of a bounded map.
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

  /** A start adds at most two buckets: its account's and its device's. */
  private static final int MAX_NEW_PER_START = 2;

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
  // Buckets in the map, accounts' and devices' together; kept exact by compute and remove.
  private final AtomicInteger tracked = new AtomicInteger();
  private final Consumer<Scope> onRefusal;

  public StartRateLimiter(StartRateLimitSettings settings, Clock clock) {
    this(settings, clock, scope -> {});
  }

  /**
   * @param onRefusal told which bucket refused each start that {@link #requireAllowed} rejects (the
   *     node's metrics)
   */
  public StartRateLimiter(StartRateLimitSettings settings, Clock clock, Consumer<Scope> onRefusal) {
    this.clock = clock;
    this.onRefusal = onRefusal;
    this.maxTrackedKeys = settings.maxTrackedKeys();
    this.lowWater = maxTrackedKeys - Math.max(MAX_NEW_PER_START, maxTrackedKeys / 10);
    this.accountInterval = MICROS_PER_MINUTE / settings.perAccount().perMinute();
    this.accountTolerance = accountInterval * settings.perAccount().burst();
    this.deviceInterval = MICROS_PER_MINUTE / settings.perDevice().perMinute();
    this.deviceTolerance = deviceInterval * settings.perDevice().burst();
    this.accounts = new ConcurrentHashMap<>(Math.min(maxTrackedKeys, 1024));
  }

  /** Takes a token from the account's and the device's bucket, or from neither. */
  public Decision tryStart(String accountId, String deviceId) {
    long now = clock.millis() * 1000;
    if (tracked.get() > maxTrackedKeys - MAX_NEW_PER_START) {
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
      onRefusal.accept(decision.limitedBy());
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

  /** Buckets currently tracked: accounts' and devices' together. */
  public int trackedKeys() {
    return tracked.get();
  }

  /** The buckets in the map counted one by one (for tests: the running count must agree). */
  int recount() {
    int count = 0;
    for (Buckets buckets : accounts.values()) {
      count += buckets.count();
    }
    return count;
  }

  /**
   * Every start that finds the map at the cap sweeps before it adds to it, so the cap holds under
   * any number of threads (each may add two buckets between its check and its insert). Threads
   * sweeping at once share the work safely: removals are conditional and counted exactly.
   */
  private void makeRoom(long now) {
    forgetUpTo(now, 0);
    for (int round = 0; round < 3 && tracked.get() > lowWater; round++) {
      forgetUpTo(cutoff(tracked.get() - lowWater), lowWater);
    }
    // Only when the cutoffs fell short: any entries, in hash order.
    for (Iterator<Map.Entry<String, Buckets>> it = accounts.entrySet().iterator();
        tracked.get() > lowWater && it.hasNext(); ) {
      Map.Entry<String, Buckets> entry = it.next();
      forget(entry.getKey(), entry.getValue());
    }
  }

  /** Forgets entries that are full by {@code time}, until at most {@code floor} buckets remain. */
  private void forgetUpTo(long time, int floor) {
    for (Iterator<Map.Entry<String, Buckets>> it = accounts.entrySet().iterator();
        tracked.get() > floor && it.hasNext(); ) {
      Map.Entry<String, Buckets> entry = it.next();
      if (entry.getValue().fullAfter() <= time) {
        forget(entry.getKey(), entry.getValue());
      }
    }
  }

  private void forget(String accountId, Buckets seen) {
    // Conditional: an entry updated since it was seen is another value and stays.
    if (accounts.remove(accountId, seen)) {
      tracked.addAndGet(-seen.count());
    }
  }

  /**
   * The time by which about {@code excess} entries would be full anyway, estimated from a sample:
   * those hold the least information (a one-off start from an invented id), while an account that
   * keeps starting has its bucket far from full and stays tracked, and limited.
   */
  private long cutoff(int excess) {
    int size = Math.max(1, tracked.get());
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
    int index = (int) Math.min(n - 1, (long) n * excess / size);
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
      Buckets next =
          Buckets.admitted(
              old, now, device, accountTat + accountInterval, deviceTat + deviceInterval);
      // Called once per compute, under the entry's lock: the count stays exact.
      tracked.addAndGet(next.count() - (old == null ? 0 : old.count()));
      return next;
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

    int count() {
      return 1 + devices.length;
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
