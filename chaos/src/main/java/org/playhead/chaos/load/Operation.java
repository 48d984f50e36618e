package org.playhead.chaos.load;

import java.time.Duration;
import java.time.Instant;

/**
 * One operation a simulated player attempted, and how it ended.
 *
 * <p>Three outcomes, told apart by {@link #outcome()}: acknowledged (the server answered success);
 * refused (the server answered with a refusal the plan or the rate limits call for, such as a start
 * at the account's stream limit: an expected answer, not an error, its {@code error} starting with
 * {@value #REFUSED_PREFIX}); failed (every other answer or no answer: timeouts, unreachable nodes,
 * 5xx, a session the server ended).
 *
 * @param at when the player sent it
 * @param latency until the answer (or the failure)
 * @param node the name of the node the player sent it to
 * @param transport {@code "http"}, {@code "grpc-unary"} or {@code "grpc-stream"}
 * @param acknowledged the server answered success
 * @param positionMs the position the player reported (for a start: where the server said to resume)
 * @param error null when acknowledged; else status and reason
 */
public record Operation(
    Instant at,
    Duration latency,
    String sessionId,
    String accountId,
    String node,
    String transport,
    OperationKind kind,
    boolean acknowledged,
    long positionMs,
    String error) {

  /** How {@code error} begins for an expected refusal (stream limit, device limit, rate limit). */
  public static final String REFUSED_PREFIX = "refused: ";

  /** How {@code error} begins when the server had ended the session (the player learns it). */
  public static final String ENDED_PREFIX = "ended by server: ";

  public enum Outcome {
    ACKNOWLEDGED,
    /** An answer the plan or the rate limits call for; expected, not an error. */
    REFUSED,
    FAILED
  }

  public Outcome outcome() {
    if (acknowledged) {
      return Outcome.ACKNOWLEDGED;
    }
    return error != null && error.startsWith(REFUSED_PREFIX) ? Outcome.REFUSED : Outcome.FAILED;
  }

  /** Whether this is an error a player saw (not an acknowledgement, not an expected refusal). */
  public boolean isError() {
    return outcome() == Outcome.FAILED;
  }

  /** Whether the player learned from this answer that the server had ended its session. */
  public boolean endedByServer() {
    return !acknowledged && error != null && error.startsWith(ENDED_PREFIX);
  }

  /** When the answer (or the failure) came. */
  public Instant answeredAt() {
    return at.plus(latency);
  }

  static Operation acknowledged(
      Instant at,
      Duration latency,
      String sessionId,
      String accountId,
      String node,
      String transport,
      OperationKind kind,
      long positionMs) {
    return new Operation(
        at, latency, sessionId, accountId, node, transport, kind, true, positionMs, null);
  }
}
