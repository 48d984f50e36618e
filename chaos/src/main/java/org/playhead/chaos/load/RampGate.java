package org.playhead.chaos.load;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Lets the players' first starts through at most {@code limit} at a time; the others wait their
 * turn. Used on the simulation's loop thread only.
 */
final class RampGate {
  private final int limit;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  RampGate(int limit) {
    this.limit = limit;
  }

  /** Runs {@code firstStart} now if a place is free, else when one frees. */
  void enter(Runnable firstStart) {
    if (inFlight < limit) {
      inFlight++;
      firstStart.run();
    } else {
      waiting.add(firstStart);
    }
  }

  /** A first start has its answer: the next waiting one may go. */
  void leave() {
    Runnable next = waiting.poll();
    if (next != null) {
      next.run(); // takes over the place
    } else {
      inFlight--;
    }
  }

  /** Forgets the players still waiting (the simulator is stopping). */
  void close() {
    waiting.clear();
  }
}
