package org.playhead.chaos.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;
import org.playhead.chaos.load.OperationLedger;

/**
 * What one session's player did and was told, from the ledger: the facts the rules compare with
 * what the cluster shows.
 *
 * @param operations the session's operations, in the order they were sent
 */
public record SessionHistory(String sessionId, String accountId, List<Operation> operations) {

  public SessionHistory {
    operations = List.copyOf(operations);
  }

  /** Every session's history, in order of first appearance. */
  public static Map<String, SessionHistory> of(OperationLedger ledger) {
    Map<String, List<Operation>> bySession = new LinkedHashMap<>();
    Map<String, String> accounts = new LinkedHashMap<>();
    for (Operation op : ledger.operations()) {
      if (op.sessionId() == null) {
        continue;
      }
      bySession.computeIfAbsent(op.sessionId(), id -> new ArrayList<>()).add(op);
      accounts.putIfAbsent(op.sessionId(), op.accountId());
    }
    Map<String, SessionHistory> histories = new LinkedHashMap<>();
    bySession.forEach(
        (id, ops) -> histories.put(id, new SessionHistory(id, accounts.get(id), ops)));
    return histories;
  }

  public boolean startAcknowledged() {
    return operations.stream()
        .anyMatch(op -> op.kind() == OperationKind.START && op.acknowledged());
  }

  public boolean startRefused() {
    return operations.stream()
        .anyMatch(
            op -> op.kind() == OperationKind.START && op.outcome() == Operation.Outcome.REFUSED);
  }

  /** The last stop the server acknowledged. */
  public Optional<Operation> acknowledgedStop() {
    Operation last = null;
    for (Operation op : operations) {
      if (op.kind() == OperationKind.STOP && op.acknowledged()) {
        last = op;
      }
    }
    return Optional.ofNullable(last);
  }

  public boolean stopAttempted() {
    return operations.stream().anyMatch(op -> op.kind() == OperationKind.STOP);
  }

  /** What the player was told when it learned the server had ended the session, if it did. */
  public Optional<String> endedByServer() {
    return operations.stream()
        .filter(Operation::endedByServer)
        .map(op -> op.error().substring(Operation.ENDED_PREFIX.length()))
        .findFirst();
  }

  /** The last acknowledged operation, if any. */
  public Optional<Operation> lastAcknowledged() {
    Operation last = null;
    for (Operation op : operations) {
      if (op.acknowledged()) {
        last = op;
      }
    }
    return Optional.ofNullable(last);
  }

  /**
   * When the player last tried to reach the session (whether or not it got through), not counting
   * the answers that told it the session had ended: the player was still there until then.
   */
  public Optional<Instant> lastAttemptAt() {
    Instant last = null;
    for (Operation op : operations) {
      if (!op.endedByServer() && op.outcome() != Operation.Outcome.REFUSED) {
        last = op.at();
      }
    }
    return Optional.ofNullable(last);
  }

  /** The play state the cluster must show for a live session, as far as the ledger can tell. */
  public enum ExpectedState {
    STARTING,
    PLAYING,
    PAUSED,
    /** A play-state change was sent but not acknowledged: either state is right. */
    EITHER
  }

  /**
   * A play-state change is written before it is acknowledged, so the last acknowledged one must
   * still show. Players report their current state in every heartbeat, so the state at the last
   * acknowledged report is the last play-state change sent before it.
   */
  public ExpectedState expectedState() {
    int lastAck = -1;
    for (int i = 0; i < operations.size(); i++) {
      Operation op = operations.get(i);
      if (op.acknowledged() && op.kind() != OperationKind.STOP) {
        lastAck = i;
      }
    }
    if (lastAck < 0) {
      return ExpectedState.EITHER;
    }
    for (int i = lastAck + 1; i < operations.size(); i++) {
      OperationKind kind = operations.get(i).kind();
      if (kind == OperationKind.PAUSE || kind == OperationKind.RESUME) {
        return ExpectedState.EITHER;
      }
    }
    for (int i = lastAck; i >= 0; i--) {
      OperationKind kind = operations.get(i).kind();
      if (kind == OperationKind.PAUSE) {
        return ExpectedState.PAUSED;
      }
      if (kind == OperationKind.RESUME) {
        return ExpectedState.PLAYING;
      }
    }
    return ExpectedState.STARTING;
  }
}
