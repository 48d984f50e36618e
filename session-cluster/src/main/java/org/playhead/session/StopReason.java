package org.playhead.session;

/** Why a playback session ended. */
public enum StopReason {
  /** The viewer stopped, or quit the player. */
  USER,
  /** The content played to its end. */
  ENDED,
  /** No heartbeat within the lease TTL: the player vanished. */
  EXPIRED,
  /** Another stream took this one's slot under the account's eviction policy. */
  EVICTED,
  /** Ended by customer care or an operator. */
  REVOKED;

  /** Reasons a player may give when it stops its own session. */
  public boolean isPlayerInitiated() {
    return this == USER || this == ENDED;
  }
}
