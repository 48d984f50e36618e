package org.playhead.chaos.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OperationLedgerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static Operation op(int atMs, String session, OperationKind kind, boolean ack, String error) {
    return new Operation(
        T0.plusMillis(atMs),
        Duration.ofMillis(3),
        session,
        "acc-1",
        "node-1",
        "http",
        kind,
        ack,
        1_000,
        error);
  }

  @Test
  void snapshotsAreTimeOrderedAndImmutable() {
    OperationLedger ledger = new OperationLedger();
    ledger.record(op(30, "s1", OperationKind.HEARTBEAT, true, null));
    ledger.record(op(10, "s1", OperationKind.START, true, null));
    ledger.record(op(20, "s1", OperationKind.RESUME, true, null));

    List<Operation> ops = ledger.operations();
    assertEquals(
        List.of(OperationKind.START, OperationKind.RESUME, OperationKind.HEARTBEAT),
        ops.stream().map(Operation::kind).toList());
    assertThrows(UnsupportedOperationException.class, () -> ops.add(ops.get(0)));

    ledger.record(op(40, "s1", OperationKind.STOP, true, null));
    assertEquals(3, ops.size(), "an earlier snapshot does not change");
    assertEquals(4, ledger.operations().size());
  }

  @Test
  void keepsEveryOperationRecordedByManyThreadsAtOnce() throws Exception {
    OperationLedger ledger = new OperationLedger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      int thread = t;
      pool.execute(
          () -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < 5_000; i++) {
              ledger.record(op(i, "s" + thread, OperationKind.HEARTBEAT, true, null));
            }
          });
    }
    go.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertEquals(40_000, ledger.operations().size());
    List<Operation> ops = ledger.operations();
    for (int i = 1; i < ops.size(); i++) {
      assertFalse(ops.get(i).at().isBefore(ops.get(i - 1).at()), "ordered at " + i);
    }
  }

  @Test
  void tellsAcknowledgementsExpectedRefusalsAndErrorsApart() {
    Operation acknowledged = op(0, "s1", OperationKind.START, true, null);
    Operation refused =
        op(0, "s2", OperationKind.START, false, Operation.REFUSED_PREFIX + "409 stream-limit");
    Operation failed = op(0, "s3", OperationKind.HEARTBEAT, false, "503 unavailable: slow");
    Operation ended =
        op(0, "s4", OperationKind.HEARTBEAT, false, Operation.ENDED_PREFIX + "revoked");

    assertEquals(Operation.Outcome.ACKNOWLEDGED, acknowledged.outcome());
    assertEquals(Operation.Outcome.REFUSED, refused.outcome());
    assertFalse(refused.isError(), "a start the plan refuses is expected, not an error");
    assertEquals(Operation.Outcome.FAILED, failed.outcome());
    assertTrue(failed.isError());
    assertTrue(ended.endedByServer());
    assertTrue(ended.isError());
    assertFalse(failed.endedByServer());
    assertEquals(T0.plusMillis(3), acknowledged.answeredAt());
  }

  @Test
  void countsOutcomesByKind() {
    OperationLedger ledger =
        new OperationLedger(
            List.of(
                op(0, "s1", OperationKind.START, true, null),
                op(1, "s2", OperationKind.START, false, Operation.REFUSED_PREFIX + "409"),
                op(2, "s3", OperationKind.START, false, Operation.REFUSED_PREFIX + "409"),
                op(3, "s1", OperationKind.HEARTBEAT, false, "timeout")));
    assertEquals(
        Map.of("START.ACKNOWLEDGED", 1L, "START.REFUSED", 2L, "HEARTBEAT.FAILED", 1L),
        ledger.counts());
  }

  @Test
  void remembersTheFirstOwnerOfASessionAndTheAnnouncedLease() {
    OperationLedger ledger = new OperationLedger();
    ledger.noteOwner("s1", new SessionOwner("acc-1", "p1", "d1"));
    ledger.noteOwner("s1", new SessionOwner("acc-2", "p2", "d2"));
    assertEquals(new SessionOwner("acc-1", "p1", "d1"), ledger.ownerOf("s1").orElseThrow());
    assertTrue(ledger.ownerOf("s2").isEmpty());

    assertTrue(ledger.leaseTtl().isEmpty());
    ledger.noteLeaseTtl(Duration.ZERO);
    assertTrue(ledger.leaseTtl().isEmpty(), "a zero lease is no announcement");
    ledger.noteLeaseTtl(Duration.ofSeconds(90));
    assertEquals(Duration.ofSeconds(90), ledger.leaseTtl().orElseThrow());
  }

  @Test
  void aLedgerOfManyOperationsSnapshotsQuickly() {
    OperationLedger ledger = new OperationLedger();
    List<Operation> many = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      many.add(op(100_000 - i, "s" + (i % 100), OperationKind.HEARTBEAT, true, null));
    }
    many.forEach(ledger::record);
    List<Operation> ops = ledger.operations();
    assertEquals(100_000, ops.size());
    assertEquals(T0.plusMillis(1), ops.get(0).at());
  }

  @Test
  void theTailSinceAnInstantIsTheSentOperationsFromThenInSendOrder() {
    OperationLedger ledger = new OperationLedger();
    for (int i = 0; i < 100; i++) {
      ledger.record(op(i * 1_000, "s" + i, OperationKind.HEARTBEAT, true, null));
    }
    // recorded out of order by a racing thread: sent at 95.5 s, recorded last
    ledger.record(op(95_500, "late", OperationKind.HEARTBEAT, true, null));
    List<Operation> tail = ledger.sentSince(T0.plusSeconds(95), Duration.ofSeconds(2));
    assertEquals(
        List.of("s95", "late", "s96", "s97", "s98", "s99"),
        tail.stream().map(Operation::sessionId).toList());
    assertEquals(
        ledger.operations().stream().filter(o -> !o.at().isBefore(T0.plusSeconds(95))).toList(),
        tail);
  }
}
