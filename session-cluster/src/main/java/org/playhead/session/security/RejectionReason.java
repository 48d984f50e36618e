package org.playhead.session.security;

import io.grpc.Status;

/**
 * Why a request was refused. Without a valid token the caller is unauthenticated (HTTP 401, gRPC
 * UNAUTHENTICATED); with a valid token that does not grant the call it is forbidden (403,
 * PERMISSION_DENIED).
 */
public enum RejectionReason {
  /** No {@code Authorization: Bearer} credentials at all. */
  MISSING("token-missing", "Authentication required", false),
  /** Not a compact JWS, too long, an unknown algorithm or more than one audience. */
  MALFORMED("token-malformed", "Malformed token", false),
  /**
   * The signature does not verify with the key of the role the token names: forged, tampered,
   * signed with another role's key, or meant for an audience this service does not know.
   */
  BAD_SIGNATURE("token-invalid", "Invalid token", false),
  /** Signed correctly but a required claim is missing or wrong (issuer, subject, player scope). */
  INVALID_CLAIMS("token-invalid", "Invalid token", false),
  EXPIRED("token-expired", "Token expired", false),
  NOT_YET_VALID("token-not-yet-valid", "Token not yet valid", false),
  /**
   * A genuine token issued before its account signed out every device: it starts nothing (the
   * player must sign in again for a new token).
   */
  REVOKED("token-revoked", "Token revoked", false),
  /** A valid token of a role this endpoint does not accept (a player token at a care endpoint). */
  WRONG_ROLE("wrong-role", "Forbidden", true),
  /**
   * A valid token of the right role, for something outside its scope (another account's session).
   */
  OUT_OF_SCOPE("out-of-scope", "Forbidden", true);

  private final String problemSlug;
  private final String title;
  private final boolean forbidden;

  RejectionReason(String problemSlug, String title, boolean forbidden) {
    this.problemSlug = problemSlug;
    this.title = title;
    this.forbidden = forbidden;
  }

  /** 401 when the caller is not authenticated, 403 when it is but may not do this. */
  public int httpStatus() {
    return forbidden ? 403 : 401;
  }

  public Status.Code grpcCode() {
    return forbidden ? Status.Code.PERMISSION_DENIED : Status.Code.UNAUTHENTICATED;
  }

  /** The last segment of the problem {@code type} URI. */
  public String problemSlug() {
    return problemSlug;
  }

  public String title() {
    return title;
  }

  public boolean forbidden() {
    return forbidden;
  }
}
