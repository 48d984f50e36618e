package org.playhead.license;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A content key's id: 16 bytes, written as 32 lowercase hex characters (the packager's and the
 * vault's form) or as unpadded base64url (W3C Clear Key's form). Not a secret.
 */
public record KeyId(String hex) {
  public static final int BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();

  public KeyId {
    if (hex == null || hex.length() != 2 * BYTES || !hex.matches("[0-9a-f]+")) {
      throw new IllegalArgumentException("a key id is 32 lowercase hex characters");
    }
  }

  public static KeyId of(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a key id is 16 bytes");
    }
    return new KeyId(HEX.formatHex(bytes));
  }

  /** From 32 hex characters (either case), or empty. */
  public static Optional<KeyId> parseHex(String text) {
    if (text == null || text.length() != 2 * BYTES) {
      return Optional.empty();
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    return lower.matches("[0-9a-f]{32}") ? Optional.of(new KeyId(lower)) : Optional.empty();
  }

  /** From unpadded (or padded) base64url, as Clear Key sends it, or empty. */
  public static Optional<KeyId> parseBase64Url(String text) {
    if (text == null || text.length() > 24) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      return bytes.length == BYTES ? Optional.of(of(bytes)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public byte[] bytes() {
    return HEX.parseHex(hex);
  }

  public String base64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes());
  }

  @Override
  public String toString() {
    return hex;
  }
}
