package org.playhead.license.device;

/** Why a device certificate chain proves nothing. The message never quotes the certificates. */
public final class DeviceCertificateException extends Exception {

  /** What was wrong, for the license's refusal reason. */
  public enum Problem {
    /** Not DER X.509, or too many or too large certificates. */
    MALFORMED,
    /** It does not chain to a root Playhead trusts (or a signature does not verify). */
    UNTRUSTED,
    /**
     * It chains, but is expired, not yet valid, or not shaped as a device and model certificate.
     */
    INVALID
  }

  private final Problem problem;

  public DeviceCertificateException(Problem problem, String message) {
    super(message, null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
