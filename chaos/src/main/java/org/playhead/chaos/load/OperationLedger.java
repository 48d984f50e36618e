package org.playhead.chaos.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every operation the players attempted: what was acknowledged, what was refused as the plan says,
 * and every error seen. Appended to by many threads at once; read as immutable, time-ordered
 * snapshots.
 *
 * <p>Besides the operations it keeps what a verifier needs to ask about a session from outside:
 * each session's owner (to mint its player's token) and the lease TTL the servers announced (to
 * tell a legitimate expiry from a lost session).
 */
public final class OperationLedger {
  private static final Comparator<Operation> BY_TIME = Comparator.comparing(Operation::at);

  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, SessionOwner> owners = new ConcurrentHashMap<>();
  private volatile Duration leaseTtl;

  public OperationLedger() {}

  /** A ledger of operations recorded elsewhere (a saved drill, a test). */
  public OperationLedger(List<Operation> operations) {
    this.operations.addAll(operations);
  }

  public void record(Operation operation) {
    synchronized (operations) {
      operations.add(operation);
    }
  }

  /** An immutable snapshot, ordered by the time each operation was sent. */
  public List<Operation> operations() {
    List<Operation> copy;
    synchronized (operations) {
      copy = new ArrayList<>(operations);
    }
    copy.sort(BY_TIME); // stable: operations sent at the same instant keep their order
    return Collections.unmodifiableList(copy);
  }

  /**
   * The operations sent at or after {@code from}, ordered by send time: a copy of the ledger's tail
   * only. Operations are recorded as they are answered, so the walk back from the newest stops at
   * the first one answered before {@code from} (less {@code slack} for answers recorded out of
   * order by racing threads). A drill asks this every second; {@link #operations()} would copy and
   * sort every operation of the run each time.
   */
  public List<Operation> sentSince(java.time.Instant from, Duration slack) {
    java.time.Instant stop = from.minus(slack);
    List<Operation> tail = new ArrayList<>();
    synchronized (operations) {
      for (int i = operations.size() - 1; i >= 0; i--) {
        Operation op = operations.get(i);
        if (op.answeredAt().isBefore(stop)) {
          break;
        }
        if (!op.at().isBefore(from)) {
          tail.add(op);
        }
      }
    }
    tail.sort(BY_TIME);
    return Collections.unmodifiableList(tail);
  }

  public int size() {
    synchronized (operations) {
      return operations.size();
    }
  }

  /** Remembers who started a session (first owner wins: a session id never changes hands). */
  public void noteOwner(String sessionId, SessionOwner owner) {
    owners.putIfAbsent(sessionId, owner);
  }

  public Optional<SessionOwner> ownerOf(String sessionId) {
    return Optional.ofNullable(owners.get(sessionId));
  }

  public Map<String, SessionOwner> owners() {
    return Map.copyOf(owners);
  }

  /** The lease TTL a server announced in a start answer. */
  public void noteLeaseTtl(Duration ttl) {
    if (ttl != null && !ttl.isZero() && !ttl.isNegative()) {
      leaseTtl = ttl;
    }
  }

  public Optional<Duration> leaseTtl() {
    return Optional.ofNullable(leaseTtl);
  }

  /** How many operations of each kind ended each way, e.g. {@code START.REFUSED -> 12}. */
  public Map<String, Long> counts() {
    Map<OperationKind, Map<Operation.Outcome, Long>> byKind = new EnumMap<>(OperationKind.class);
    for (Operation op : operations()) {
      byKind
          .computeIfAbsent(op.kind(), k -> new EnumMap<>(Operation.Outcome.class))
          .merge(op.outcome(), 1L, Long::sum);
    }
    Map<String, Long> counts = new TreeMap<>();
    byKind.forEach(
        (kind, outcomes) ->
            outcomes.forEach((outcome, n) -> counts.put(kind.name() + "." + outcome.name(), n)));
    return counts;
  }
}
