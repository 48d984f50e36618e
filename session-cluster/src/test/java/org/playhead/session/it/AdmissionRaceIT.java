package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.session.Account;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * The account invariant under a race and a crash: 50 players start at once on one 2-stream account
 * while the node that holds the account is killed (-9) and replaced. No answer, no view and no
 * moment in the account's journal may show a third live stream.
 */
@ExtendWith(NodeLogsOnFailure.class)
class AdmissionRaceIT {
  private static final int STARTS = 50;
  private static final int THREADS = 16;

  @Test
  void fiftyConcurrentStartsNeverAdmitAThirdStreamAcrossAnEntityRestart() throws Exception {
    String account = "race-" + UUID.randomUUID();
    NodeProcess first = NodeProcess.start("race-first", NodeProcess.UNLIMITED_STARTS);
    NodeLogsOnFailure.watch(first);
    AtomicReference<String> node = new AtomicReference<>(first.baseUrl());
    Map<String, Integer> finalStatus = new ConcurrentHashMap<>();
    AtomicInteger answered = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> players = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    for (int i = 0; i < STARTS; i++) {
      String sessionId = "race-s" + i + "-" + UUID.randomUUID();
      // Distinct profiles (no same-profile hand-off), five devices (the standard plan's cap).
      String profile = "p" + i;
      String device = "d" + (i % 5);
      players.add(
          pool.submit(
              () -> {
                go.await();
                while (System.nanoTime() < deadline) {
                  try {
                    int status =
                        new PlayerHttp(node.get())
                            .start(sessionId, account, profile, device, "title-1")
                            .status();
                    if (status == 200 || status == 201 || status == 409) {
                      finalStatus.put(sessionId, status);
                      answered.incrementAndGet();
                      return null;
                    }
                  } catch (UncheckedIOException nodeDown) {
                    // the node is being replaced: retry the same start, as a player would
                  }
                  LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                }
                throw new AssertionError("no answer for " + sessionId);
              }));
    }
    go.countDown();
    while (answered.get() < 15) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    first.kill9(); // the Account entity dies with its node, mid-race
    try (NodeProcess second = NodeProcess.start("race-second", NodeProcess.UNLIMITED_STARTS)) {
      NodeLogsOnFailure.watch(second);
      node.set(second.baseUrl());
      for (Future<?> player : players) {
        player.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      Set<String> admitted = new HashSet<>();
      finalStatus.forEach(
          (session, status) -> {
            if (status != 409) {
              admitted.add(session);
            }
          });
      assertEquals(STARTS, finalStatus.size(), "every player got an answer");
      assertEquals(2, admitted.size(), "exactly the plan's two streams were admitted: " + admitted);

      var view =
          new PlayerHttp(second.baseUrl())
              .get("/v1/care/accounts/" + account, TestTokens.get().care("race-checker"))
              .body();
      Set<String> active = new HashSet<>();
      view.path("activeStreams").forEach(s -> active.add(s.path("sessionId").asText()));
      assertEquals(admitted, active);

      // Replay the account's journal: at no moment were more than two streams admitted.
      try (Journal journal = new Journal()) {
        Set<String> live = new HashSet<>();
        int most = 0;
        for (Object event : journal.accountEvents(account)) {
          if (event instanceof Account.StreamAdmitted admittedEvent) {
            live.add(admittedEvent.slot().sessionId());
          } else if (event instanceof Account.StreamEnded ended) {
            live.remove(ended.sessionId());
          }
          most = Math.max(most, live.size());
        }
        assertTrue(most <= 2, "the journal shows " + most + " streams at once");
        assertEquals(admitted, live);
      }
    }
  }
}
