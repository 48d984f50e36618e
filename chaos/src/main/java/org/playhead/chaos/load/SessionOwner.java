package org.playhead.chaos.load;

/**
 * Who a session belongs to: the player (account, profile, device) whose token started it. Lets a
 * verifier ask about the session as its own player would.
 */
public record SessionOwner(String accountId, String profileId, String deviceId) {}
