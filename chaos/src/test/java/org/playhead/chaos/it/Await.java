package org.playhead.chaos.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls a condition; returns when it held, in milliseconds since {@code since}. */
final class Await {
  private Await() {}

  static long until(String what, Instant since, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what + ": not within " + timeout);
      }
      Thread.sleep(100);
    }
    return Duration.between(since, Instant.now()).toMillis();
  }
}
