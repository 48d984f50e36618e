package org.playhead.chaos.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;

/** Hand-made ledgers for the analysis tests. */
final class Ops {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private final List<Operation> ops = new ArrayList<>();

  static Instant at(long ms) {
    return T0.plusMillis(ms);
  }

  Ops ok(long atMs, String session, long latencyMs) {
    return add(atMs, session, OperationKind.HEARTBEAT, true, latencyMs, null);
  }

  Ops start(long atMs, String session) {
    return add(atMs, session, OperationKind.START, true, 5, null);
  }

  Ops stop(long atMs, String session) {
    return add(atMs, session, OperationKind.STOP, true, 5, null);
  }

  Ops fail(long atMs, String session, String error) {
    return add(atMs, session, OperationKind.HEARTBEAT, false, 5000, error);
  }

  Ops refused(long atMs, String session) {
    return add(atMs, session, OperationKind.START, false, 3, "refused: stream-limit");
  }

  Ops add(long atMs, String session, OperationKind kind, boolean ok, long latencyMs, String error) {
    ops.add(
        new Operation(
            at(atMs),
            Duration.ofMillis(latencyMs),
            session,
            "acc",
            "node-1",
            "http",
            kind,
            ok,
            0,
            error));
    return this;
  }

  /** Every session heartbeats every second from {@code fromMs} to {@code toMs}, answered fast. */
  Ops steady(List<String> sessions, long fromMs, long toMs, long latencyMs) {
    for (long t = fromMs; t < toMs; t += 1000) {
      for (String s : sessions) {
        ok(t + Math.abs(s.hashCode() % 900), s, latencyMs);
      }
    }
    return this;
  }

  List<Operation> list() {
    List<Operation> sorted = new ArrayList<>(ops);
    sorted.sort(Comparator.comparing(Operation::at));
    return sorted;
  }
}
