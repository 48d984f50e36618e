package org.playhead.chaos.load;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs asynchronous calls at most {@code permits} at a time, the rest queued: thousands of calls
 * without flooding a node with connections or holding a thread per call. A queued call whose
 * deadline passes before its turn fails with a {@link TimeoutException} without being made.
 */
public final class AsyncLimiter {
  private record Waiting(Runnable start, long deadlineNanos, CompletableFuture<?> result) {}

  private final Queue<Waiting> waiting = new ArrayDeque<>();
  private int available;

  public AsyncLimiter(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1");
    }
    this.available = permits;
  }

  /** Makes the call when a permit is free, however long that takes. */
  public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> call) {
    return run(call, Long.MAX_VALUE);
  }

  /**
   * Makes the call when a permit is free, unless {@code deadlineNanos} (of {@link
   * System#nanoTime()}) has passed by then.
   */
  public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> call, long deadlineNanos) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start =
        () -> {
          CompletableFuture<T> running;
          try {
            running = call.get();
          } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
          }
          running.whenComplete(
              (value, failure) -> {
                release();
                if (failure != null) {
                  result.completeExceptionally(failure);
                } else {
                  result.complete(value);
                }
              });
        };
    boolean now;
    synchronized (this) {
      now = available > 0;
      if (now) {
        available--;
      } else {
        waiting.add(new Waiting(start, deadlineNanos, result));
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  private void release() {
    while (true) {
      Waiting next;
      synchronized (this) {
        next = waiting.poll();
        if (next == null) {
          available++;
          return;
        }
      }
      if (next.deadlineNanos() != Long.MAX_VALUE && System.nanoTime() > next.deadlineNanos()) {
        next.result()
            .completeExceptionally(new TimeoutException("waited too long for a free connection"));
        continue; // the permit goes to the next one
      }
      next.start().run();
      return;
    }
  }
}
