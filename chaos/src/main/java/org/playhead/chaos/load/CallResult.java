package org.playhead.chaos.load;

import java.time.Duration;

/**
 * How one call of a player ended, whatever the transport.
 *
 * @param positionMs for a start, where the server said to resume; otherwise the position it
 *     answered with
 * @param leaseTtl for a start, the lease the server announced (or null)
 * @param retryAfter for a refusal, how long the server asked to wait (or null)
 * @param detail for anything but OK, status and reason, as recorded in the ledger
 * @param ownerUrl the answer's owner hint (the base URL of the node that holds the session), or
 *     empty
 */
record CallResult(
    CallResult.Kind kind,
    long positionMs,
    Duration leaseTtl,
    Duration retryAfter,
    String detail,
    String ownerUrl) {

  CallResult(
      CallResult.Kind kind,
      long positionMs,
      Duration leaseTtl,
      Duration retryAfter,
      String detail) {
    this(kind, positionMs, leaseTtl, retryAfter, detail, "");
  }

  /** This result with the answer's owner hint. */
  CallResult withOwner(String url) {
    return new CallResult(kind, positionMs, leaseTtl, retryAfter, detail, url == null ? "" : url);
  }

  enum Kind {
    OK,
    /** Refused as the plan or the rate limits say: expected, the player waits and retries. */
    REFUSED,
    /** The session had ended on the server (the player learns it now). */
    ENDED,
    /** No answer, or a node-side failure: the player retries on another node. */
    UNAVAILABLE,
    /** An answer that retrying elsewhere will not change (bad request, not found, forbidden). */
    REJECTED
  }

  static CallResult ok(long positionMs) {
    return new CallResult(Kind.OK, positionMs, null, null, null);
  }

  static CallResult started(long resumePositionMs, Duration leaseTtl) {
    return new CallResult(Kind.OK, resumePositionMs, leaseTtl, null, null);
  }

  static CallResult refused(String reason, Duration retryAfter) {
    return new CallResult(Kind.REFUSED, -1, null, retryAfter, Operation.REFUSED_PREFIX + reason);
  }

  static CallResult ended(String stopReason) {
    return new CallResult(Kind.ENDED, -1, null, null, Operation.ENDED_PREFIX + stopReason);
  }

  static CallResult unavailable(String detail) {
    return new CallResult(Kind.UNAVAILABLE, -1, null, null, detail);
  }

  static CallResult rejected(String detail) {
    return new CallResult(Kind.REJECTED, -1, null, null, detail);
  }

  boolean isOk() {
    return kind == Kind.OK;
  }
}
