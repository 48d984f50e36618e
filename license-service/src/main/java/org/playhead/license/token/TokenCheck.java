package org.playhead.license.token;

/** What {@link LicenseTokens#verify} made of a token. */
public sealed interface TokenCheck {
  record Valid(LicenseClaims claims) implements TokenCheck {}

  /**
   * @param claims the claims of an expired but genuine token (so the denial can be audited against
   *     its session), else {@code null}
   * @param detail for the caller; never contains the token
   */
  record Invalid(String reason, String detail, LicenseClaims claims) implements TokenCheck {}

  String MISSING = "token-missing";
  String INVALID = "token-invalid";
  String EXPIRED = "token-expired";
}
