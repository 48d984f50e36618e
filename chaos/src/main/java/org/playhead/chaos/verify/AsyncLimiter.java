package org.playhead.chaos.verify;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous calls at most {@code permits} at a time, the rest queued: thousands of sessions
 * are read without flooding a node or holding a thread per call.
 */
final class AsyncLimiter {
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int available;

  AsyncLimiter(int permits) {
    this.available = permits;
  }

  <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> call) {
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
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        available++;
      }
    }
    if (next != null) {
      next.run();
    }
  }
}
