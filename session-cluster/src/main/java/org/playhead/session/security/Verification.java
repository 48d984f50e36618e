package org.playhead.session.security;

import java.time.Instant;

/** What {@link TokenVerifier} made of a token: who it speaks for, or why it was refused. */
public sealed interface Verification {

  /**
   * @param expiresAt when the token expires: a long-lived stream opened with it should end then
   * @param issuedAt the token's {@code iat}: an account signed out after it refuses its starts
   */
  record Verified(Principal principal, Instant expiresAt, Instant issuedAt)
      implements Verification {}

  /**
   * @param detail a short explanation for the caller; never contains the token
   */
  record Rejected(RejectionReason reason, String detail) implements Verification {}
}
