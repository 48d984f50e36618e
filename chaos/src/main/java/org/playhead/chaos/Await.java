package org.playhead.chaos;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The kit's one way to wait: a condition checked on a shared scheduler until it holds (or a
 * deadline passes), or a fixed time (a drill's baseline, a freeze). The caller blocks on a future,
 * so a wait ends the moment its condition holds, is interrupted at once, and no thread sleeps in a
 * loop of its own. Conditions may block briefly (an HTTP probe with a timeout): the scheduler has
 * threads for a few at a time.
 */
public final class Await {
  private Await() {}

  private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

  private static ScheduledThreadPoolExecutor scheduler() {
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "chaos-await-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** Completes after {@code delay}, on the scheduler: for asynchronous retries and backoff. */
  public static CompletableFuture<Void> after(Duration delay) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ScheduledFuture<?> timer =
        SCHEDULER.schedule(() -> done.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
    done.whenComplete((ignored, failure) -> timer.cancel(false));
    return done;
  }

  /**
   * Completes with the time it took once {@code condition} holds, checked at once and then every
   * {@code every}; fails with a {@link TimeoutException} naming {@code what} after {@code timeout}.
   * A condition that throws fails the future with what it threw.
   */
  public static CompletableFuture<Duration> when(
      String what, Duration timeout, Duration every, BooleanSupplier condition) {
    CompletableFuture<Duration> done = new CompletableFuture<>();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    ScheduledFuture<?> checks =
        SCHEDULER.scheduleWithFixedDelay(
            () -> {
              if (done.isDone()) {
                return;
              }
              try {
                if (condition.getAsBoolean()) {
                  done.complete(Duration.ofNanos(System.nanoTime() - start));
                } else if (System.nanoTime() - deadline >= 0) {
                  done.completeExceptionally(
                      new TimeoutException(what + ": not within " + timeout));
                }
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
              }
            },
            0,
            every.toNanos(),
            TimeUnit.NANOSECONDS);
    done.whenComplete((ignored, failure) -> checks.cancel(false));
    return done;
  }

  /** Blocks until {@code condition} holds; returns how long that took. */
  public static Duration until(
      String what, Duration timeout, Duration every, BooleanSupplier condition)
      throws InterruptedException, TimeoutException {
    return join(when(what, timeout, every, condition));
  }

  /** Blocks for {@code duration}, unless interrupted. */
  public static void elapse(Duration duration) throws InterruptedException {
    try {
      join(after(duration));
    } catch (TimeoutException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static <T> T join(CompletableFuture<T> future)
      throws InterruptedException, TimeoutException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(false);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TimeoutException timeout) {
        throw timeout;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }
}
