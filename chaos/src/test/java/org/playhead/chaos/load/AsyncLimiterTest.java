package org.playhead.chaos.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class AsyncLimiterTest {
  @Test
  void runsAtMostThePermitsAtOnceAndTheRestInTurn() throws Exception {
    AsyncLimiter limiter = new AsyncLimiter(2);
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      CompletableFuture<Integer> call = new CompletableFuture<>();
      calls.add(call);
      results.add(limiter.run(() -> call));
    }
    calls.get(0).complete(0);
    calls.get(1).complete(1);
    calls.get(2).complete(2);
    calls.get(3).complete(3);
    for (int i = 0; i < 4; i++) {
      assertEquals(i, results.get(i).get());
    }
  }

  @Test
  void aCallQueuedPastItsDeadlineFailsWithoutBeingMade() throws Exception {
    AsyncLimiter limiter = new AsyncLimiter(1);
    CompletableFuture<String> first = new CompletableFuture<>();
    limiter.run(() -> first);
    boolean[] made = {false};
    CompletableFuture<String> late =
        limiter.run(
            () -> {
              made[0] = true;
              return CompletableFuture.completedFuture("late");
            },
            System.nanoTime() - 1);
    CompletableFuture<String> patient =
        limiter.run(() -> CompletableFuture.completedFuture("patient"));
    assertFalse(late.isDone());
    first.complete("first");
    ExecutionException failure =
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, late::get);
    assertTrue(failure.getCause() instanceof TimeoutException);
    assertFalse(made[0], "a call past its deadline is never made");
    assertEquals("patient", patient.get(), "the permit went to the next one");
  }

  @Test
  void aFailedCallFreesItsPermit() throws Exception {
    AsyncLimiter limiter = new AsyncLimiter(1);
    CompletableFuture<String> failed =
        limiter.run(() -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
    assertTrue(failed.isCompletedExceptionally());
    assertEquals("next", limiter.run(() -> CompletableFuture.completedFuture("next")).get());
  }
}
