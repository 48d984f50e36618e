package org.playhead.session.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Polls an assertion until it holds or the time is up, as Pekko's awaitAssert does. */
public final class Await {
  private Await() {}

  public static void until(Duration timeout, Duration every, Runnable assertion) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(every.toNanos());
      }
    }
  }
}
