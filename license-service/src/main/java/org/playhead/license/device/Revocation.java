package org.playhead.license.device;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An SRE's revocation of one certificate: a model's (every device of that model) or a single
 * device's, by the SHA-256 fingerprint of the certificate's DER.
 *
 * @param fingerprint lower-case hex, 64 characters
 * @param why the operator's reason, for the audit
 */
public record Revocation(String fingerprint, String why, String revokedBy, long revokedAtMs) {
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

  public Revocation {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(revokedBy, "revokedBy");
    if (!FINGERPRINT.matcher(fingerprint).matches()) {
      throw new IllegalArgumentException("fingerprint must be 64 lower-case hex characters");
    }
  }

  /**
   * A fingerprint as operators paste it: hex in either case, with or without the colons of {@code
   * openssl x509 -fingerprint -sha256}; empty when it is not a SHA-256 fingerprint.
   */
  public static java.util.Optional<String> normalizeFingerprint(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    String hex = text.strip().replace(":", "").toLowerCase(Locale.ROOT);
    return FINGERPRINT.matcher(hex).matches()
        ? java.util.Optional.of(hex)
        : java.util.Optional.empty();
  }
}
