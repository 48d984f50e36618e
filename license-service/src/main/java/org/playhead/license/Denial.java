package org.playhead.license;

import io.grpc.Status;

/**
 * Why a license was refused, with a reason code a player can act on. Never carries a key or a
 * token.
 */
public record Denial(Reason reason, String detail) {

  public enum Reason {
    MALFORMED_REQUEST("malformed-request", 400, Status.Code.INVALID_ARGUMENT),
    TOKEN_MISSING("token-missing", 401, Status.Code.UNAUTHENTICATED),
    TOKEN_INVALID("token-invalid", 401, Status.Code.UNAUTHENTICATED),
    TOKEN_EXPIRED("token-expired", 401, Status.Code.UNAUTHENTICATED),
    /** The session stopped, expired, was evicted or terminated: start a new one. */
    SESSION_NOT_LIVE("session-not-live", 403, Status.Code.PERMISSION_DENIED),
    /** The request comes from another device than the session's, or another account. */
    DEVICE_MISMATCH("device-mismatch", 403, Status.Code.PERMISSION_DENIED),
    /** This session may not play the track type of any requested key. */
    TRACK_NOT_ALLOWED("track-not-allowed", 403, Status.Code.PERMISSION_DENIED),
    /** The device's security level is too low for every requested key. */
    INSUFFICIENT_SECURITY_LEVEL("insufficient-security-level", 403, Status.Code.PERMISSION_DENIED),
    /** The device's HDCP is too weak for every requested key. */
    INSUFFICIENT_HDCP("insufficient-hdcp", 403, Status.Code.PERMISSION_DENIED),
    /** Keys above SD for a device that sent no certificate chain: it counts as software. */
    DEVICE_CERTIFICATE_REQUIRED("device-certificate-required", 403, Status.Code.PERMISSION_DENIED),
    /** The chain does not lead to a trusted root, or a signature in it does not verify. */
    DEVICE_CERTIFICATE_UNTRUSTED(
        "device-certificate-untrusted", 403, Status.Code.PERMISSION_DENIED),
    /** The chain is trusted but expired, not yet valid, or not a device and model certificate. */
    DEVICE_CERTIFICATE_INVALID("device-certificate-invalid", 403, Status.Code.PERMISSION_DENIED),
    /** An SRE revoked the device's certificate or its model's. */
    DEVICE_CERTIFICATE_REVOKED("device-certificate-revoked", 403, Status.Code.PERMISSION_DENIED),
    /** The request names a device key the certificate does not certify. */
    DEVICE_KEY_NOT_CERTIFIED("device-key-not-certified", 403, Status.Code.PERMISSION_DENIED),
    /** A persistent (offline) license, on a plan that does not allow them. */
    PERSISTENCE_NOT_ALLOWED("persistence-not-allowed", 403, Status.Code.PERMISSION_DENIED),
    /** A key id the session's title does not have. */
    UNKNOWN_KEY_ID("unknown-key-id", 404, Status.Code.NOT_FOUND),
    /** The session or the vault did not answer in time: retry. */
    UNAVAILABLE("unavailable", 503, Status.Code.UNAVAILABLE);

    private final String code;
    private final int httpStatus;
    private final Status.Code grpcCode;

    Reason(String code, int httpStatus, Status.Code grpcCode) {
      this.code = code;
      this.httpStatus = httpStatus;
      this.grpcCode = grpcCode;
    }

    /** The machine-readable reason: the problem's {@code reason} and the end of its type. */
    public String code() {
      return code;
    }

    public int httpStatus() {
      return httpStatus;
    }

    public Status.Code grpcCode() {
      return grpcCode;
    }

    public static Reason ofCode(String code) {
      for (Reason r : values()) {
        if (r.code.equals(code)) {
          return r;
        }
      }
      throw new IllegalArgumentException("no reason " + code);
    }
  }

  public static Denial of(Reason reason, String detail) {
    return new Denial(reason, detail);
  }

  /** The gRPC status: the description starts with the reason code. */
  public Status grpcStatus() {
    return Status.fromCode(reason.grpcCode()).withDescription(reason.code() + ": " + detail);
  }
}
