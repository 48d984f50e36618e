package org.playhead.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.playhead.session.ManualClock;
import org.playhead.session.api.StartRateLimitSettings.Limit;
import org.playhead.session.api.StartRateLimiter.Decision;
import org.playhead.session.api.StartRateLimiter.Scope;

class StartRateLimiterTest {
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);

  private StartRateLimiter limiter(Limit perAccount, Limit perDevice) {
    return limiter(perAccount, perDevice, 100_000);
  }

  private StartRateLimiter limiter(Limit perAccount, Limit perDevice, int maxTrackedKeys) {
    return new StartRateLimiter(
        new StartRateLimitSettings(perAccount, perDevice, maxTrackedKeys), clock);
  }

  private static final Limit GENEROUS = new Limit(1000, 60_000);

  @Test
  void theShippedDefaultsAreTheIssuesNumbers() {
    StartRateLimitSettings defaults =
        StartRateLimitSettings.fromConfig(ConfigFactory.parseResources("playhead.conf").resolve());
    assertEquals(new Limit(10, 30), defaults.perAccount());
    assertEquals(new Limit(5, 10), defaults.perDevice());
    assertEquals(100_000, defaults.maxTrackedKeys());
  }

  @Test
  void aRefillFasterThanTheClockResolutionIsRefusedAtStartup() {
    // One a microsecond is the limiter's resolution; a faster rate used to round to no refill.
    assertEquals(1, new Limit(1, 60_000_000).refillInterval().toNanos() / 1_000);
    assertThrows(IllegalArgumentException.class, () -> new Limit(1, 60_000_001));
  }

  @Test
  void aBurstThenOneStartPerRefillInterval() {
    StartRateLimiter limiter = limiter(new Limit(3, 60), GENEROUS);
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.tryStart("acc", "tv").allowed(), "start " + i + " of the burst");
    }
    Decision refused = limiter.tryStart("acc", "tv");
    assertFalse(refused.allowed());
    assertEquals(Scope.ACCOUNT, refused.limitedBy());
    assertEquals(Duration.ofSeconds(1), refused.retryAfter());

    clock.advance(Duration.ofMillis(999));
    assertEquals(Duration.ofMillis(1), limiter.tryStart("acc", "tv").retryAfter());
    clock.advance(Duration.ofMillis(1));
    assertTrue(limiter.tryStart("acc", "tv").allowed());
    assertFalse(limiter.tryStart("acc", "tv").allowed(), "one token came back, not two");

    // A long pause refills to the burst, never beyond it.
    clock.advance(Duration.ofMinutes(10));
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.tryStart("acc", "tv").allowed());
    }
    assertFalse(limiter.tryStart("acc", "tv").allowed());
  }

  @Test
  void aDeviceIsLimitedWhileItsAccountStillHasTokens() {
    StartRateLimiter limiter = limiter(new Limit(10, 30), new Limit(2, 10));
    assertTrue(limiter.tryStart("acc", "tv").allowed());
    assertTrue(limiter.tryStart("acc", "tv").allowed());

    Decision refused = limiter.tryStart("acc", "tv");
    assertFalse(refused.allowed());
    assertEquals(Scope.DEVICE, refused.limitedBy());
    assertEquals(Duration.ofSeconds(6), refused.retryAfter());
    assertTrue(limiter.tryStart("acc", "phone").allowed(), "the account's other device starts");
    assertTrue(limiter.tryStart("other-acc", "tv").allowed(), "device buckets are per account");
  }

  @Test
  void anAccountIsLimitedWhileItsDevicesStillHaveTokens() {
    StartRateLimiter limiter = limiter(new Limit(3, 30), new Limit(5, 10));
    assertTrue(limiter.tryStart("acc", "tv").allowed());
    assertTrue(limiter.tryStart("acc", "tv").allowed());
    assertTrue(limiter.tryStart("acc", "phone").allowed());

    for (String device : List.of("tv", "phone", "a-new-device")) {
      Decision refused = limiter.tryStart("acc", device);
      assertFalse(refused.allowed(), device);
      assertEquals(Scope.ACCOUNT, refused.limitedBy());
      assertEquals(Duration.ofSeconds(2), refused.retryAfter());
    }
    assertTrue(limiter.tryStart("other-acc", "tv").allowed(), "other accounts are untouched");
  }

  @Test
  void aStartRefusedByTheDeviceTakesNothingFromTheAccount() {
    StartRateLimiter limiter = limiter(new Limit(2, 1), new Limit(1, 1));
    assertTrue(limiter.tryStart("acc", "tv").allowed());
    for (int i = 0; i < 100; i++) {
      assertEquals(Scope.DEVICE, limiter.tryStart("acc", "tv").limitedBy());
    }
    assertTrue(limiter.tryStart("acc", "phone").allowed(), "the account's second token is there");
    assertEquals(Scope.ACCOUNT, limiter.tryStart("acc", "tablet").limitedBy());
  }

  @Test
  void aStartRefusedByTheAccountTakesNothingFromTheDevice() {
    // The account refills every second, the device only every minute.
    StartRateLimiter limiter = limiter(new Limit(1, 60), new Limit(2, 1));
    assertTrue(limiter.tryStart("acc", "tv").allowed());
    for (int i = 0; i < 100; i++) {
      assertEquals(Scope.ACCOUNT, limiter.tryStart("acc", "phone").limitedBy());
    }
    clock.advance(Duration.ofSeconds(1));
    assertTrue(limiter.tryStart("acc", "phone").allowed());
    clock.advance(Duration.ofSeconds(1));
    assertTrue(limiter.tryStart("acc", "phone").allowed(), "the phone's second token is there");
    clock.advance(Duration.ofSeconds(1));
    Decision refused = limiter.tryStart("acc", "phone");
    assertEquals(Scope.DEVICE, refused.limitedBy());
    assertEquals(Duration.ofSeconds(58), refused.retryAfter());
  }

  @Test
  void retryAfterIsTheLongerWaitAndWaitingThatLongIsEnough() {
    StartRateLimiter limiter = limiter(new Limit(1, 7), new Limit(1, 10));
    assertTrue(limiter.tryStart("acc", "tv").allowed());

    // 60 s / 7 = 8.571428 s for the account, 6 s for the device: the account's wait wins.
    Decision refused = limiter.tryStart("acc", "tv");
    assertEquals(Scope.ACCOUNT, refused.limitedBy());
    assertEquals(Duration.ofNanos(8_571_428_000L), refused.retryAfter());
    assertEquals(9, refused.retryAfterSeconds());

    clock.advance(Duration.ofSeconds(8));
    assertEquals(1, limiter.tryStart("acc", "tv").retryAfterSeconds());
    clock.advance(Duration.ofMillis(572));
    assertTrue(limiter.tryStart("acc", "tv").allowed());
  }

  @Test
  void retryAfterSecondsRoundUp() {
    assertEquals(1, StartRateLimiter.wholeSeconds(Duration.ofNanos(1)));
    assertEquals(1, StartRateLimiter.wholeSeconds(Duration.ZERO));
    assertEquals(2, StartRateLimiter.wholeSeconds(Duration.ofSeconds(2)));
    assertEquals(3, StartRateLimiter.wholeSeconds(Duration.ofMillis(2001)));
  }

  @Test
  void aFloodOfInventedAccountsStaysWithinTheCap() {
    int cap = 1000;
    StartRateLimiter limiter = limiter(new Limit(1, 30), new Limit(1, 10), cap);
    int most = 0;
    for (int i = 0; i < 1_000_000; i++) {
      assertTrue(limiter.tryStart("invented-" + i, "d").allowed());
      most = Math.max(most, limiter.trackedKeys());
      if (i % 1000 == 0) {
        clock.advance(Duration.ofMillis(1));
      }
    }
    assertTrue(most <= cap, "at most " + cap + " buckets tracked, saw " + most);
    assertEquals(limiter.recount(), limiter.trackedKeys());
    // The first ids were forgotten: they start again as fresh accounts, with a full burst.
    assertTrue(limiter.tryStart("invented-0", "d").allowed());
    assertFalse(limiter.tryStart("invented-0", "d").allowed());
  }

  @Test
  void aConcurrentFloodStaysWithinTheCapPlusTwoPerThread() throws Exception {
    int cap = 1000;
    int threads = 4;
    StartRateLimiter limiter = limiter(new Limit(1, 30), new Limit(1, 10), cap);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String prefix = "thread-" + t + "-";
        results.add(
            pool.submit(
                () -> {
                  int most = 0;
                  for (int i = 0; i < 250_000; i++) {
                    limiter.tryStart(prefix + i, "d");
                    most = Math.max(most, limiter.trackedKeys());
                  }
                  return most;
                }));
      }
      for (Future<Integer> result : results) {
        int most = result.get(60, TimeUnit.SECONDS);
        assertTrue(most <= cap + 2 * threads, "saw " + most);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(limiter.recount(), limiter.trackedKeys(), "the running count stays exact");
  }

  @Test
  void aBusyAccountStaysLimitedThroughAFlood() {
    StartRateLimiter limiter = limiter(new Limit(3, 30), new Limit(5, 10), 1000);
    for (int i = 0; i < 3; i++) {
      limiter.tryStart("busy", "tv");
    }
    assertFalse(limiter.tryStart("busy", "tv").allowed());
    for (int i = 0; i < 100_000; i++) {
      limiter.tryStart("invented-" + i, "d");
    }
    assertTrue(limiter.trackedKeys() <= 1000);
    assertFalse(limiter.tryStart("busy", "tv").allowed(), "the flood did not reset it");
    assertEquals(limiter.recount(), limiter.trackedKeys());
  }

  @Test
  void fullBucketsAreForgottenFirst() {
    StartRateLimiter limiter = limiter(new Limit(2, 60), new Limit(2, 60), 20);
    for (int i = 0; i < 10; i++) {
      limiter.tryStart("idle-" + i, "d");
    }
    clock.advance(Duration.ofSeconds(1)); // every bucket full again
    limiter.tryStart("busy", "d");
    limiter.tryStart("busy", "d");
    assertEquals(2, limiter.trackedKeys(), "only the busy account and device hold information");
    assertFalse(limiter.tryStart("busy", "d").allowed());
  }

  @Test
  void anAccountKeepsAtMostSixteenDeviceBuckets() {
    StartRateLimiter limiter = limiter(GENEROUS, new Limit(1, 1));
    for (int i = 0; i < 40; i++) {
      assertTrue(limiter.tryStart("acc", "device-" + i).allowed());
    }
    // The most recent devices are still limited; the oldest ones were forgotten.
    assertFalse(limiter.tryStart("acc", "device-39").allowed());
    assertFalse(limiter.tryStart("acc", "device-25").allowed());
    assertTrue(limiter.tryStart("acc", "device-0").allowed());
    assertEquals(1 + StartRateLimiter.MAX_DEVICES_PER_ACCOUNT, limiter.trackedKeys());
    assertEquals(limiter.recount(), limiter.trackedKeys());
  }

  @Test
  void concurrentStartsOnOneDeviceNeverPassTheBurst() throws Exception {
    // The clock stands still: no refill, so exactly the burst may pass.
    StartRateLimiter limiter = limiter(new Limit(10, 30), new Limit(5, 10));
    assertEquals(5, hammer(limiter, i -> "tv"));
  }

  @Test
  void concurrentStartsOnManyDevicesNeverPassTheAccountsBurst() throws Exception {
    StartRateLimiter limiter = limiter(new Limit(10, 30), new Limit(5, 10));
    assertEquals(10, hammer(limiter, thread -> "device-" + thread));
  }

  /** Eight threads, 20,000 starts each on account "acc"; returns how many were allowed. */
  private static int hammer(StartRateLimiter limiter, java.util.function.IntFunction<String> device)
      throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String deviceId = device.apply(t);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  int allowed = 0;
                  for (int i = 0; i < 20_000; i++) {
                    if (limiter.tryStart("acc", deviceId).allowed()) {
                      allowed++;
                    }
                  }
                  return allowed;
                }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get(30, TimeUnit.SECONDS);
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theProblemSaysWhoAndHowLong() {
    StartRateLimiter limiter = limiter(new Limit(1, 30), new Limit(5, 10));
    limiter.tryStart("acc", "tv");
    Problem problem = StartRateLimiter.problem(limiter.tryStart("acc", "tv"));
    assertEquals("https://playhead.dev/problems/rate-limited", problem.type());
    assertEquals(429, problem.status());
    assertEquals("Too many starts for this account; retry after 2 s.", problem.detail());
  }
}
