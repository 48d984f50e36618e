package org.playhead.session;

/** What a session is: fixed when it starts, never changed afterwards. */
public record SessionFacts(
    String accountId, String profileId, DeviceInfo device, String titleId, long startedAtMs) {

  /**
   * Same stream as {@code other}, ignoring when each start was received (for idempotent retries).
   */
  public boolean sameStreamAs(SessionFacts other) {
    return accountId.equals(other.accountId)
        && profileId.equals(other.profileId)
        && device.equals(other.device)
        && titleId.equals(other.titleId);
  }
}
