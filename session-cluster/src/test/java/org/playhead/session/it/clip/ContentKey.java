package org.playhead.session.it.clip;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * One 128-bit content key and its key id, as Playhead's vault hands them to a packager: 32
 * lowercase hex digits each. Kept as hex so the record compares by value and prints without
 * ambiguity; the byte forms are derived.
 */
public record ContentKey(String kid, String key) {
  private static final HexFormat HEX = HexFormat.of();

  public ContentKey {
    kid = requireHex128("kid", kid);
    key = requireHex128("key", key);
  }

  private static String requireHex128(String name, String value) {
    if (value == null || !value.matches("[0-9a-fA-F]{32}")) {
      throw new IllegalArgumentException(name + " must be 32 hex digits (128 bits)");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  public byte[] kidBytes() {
    return HEX.parseHex(kid);
  }

  public byte[] keyBytes() {
    return HEX.parseHex(key);
  }

  /** The key id as a UUID: the form of cenc:default_KID in an MPD and of mp4parser's API. */
  public UUID kidUuid() {
    ByteBuffer bytes = ByteBuffer.wrap(kidBytes());
    return new UUID(bytes.getLong(), bytes.getLong());
  }

  /** The key id as W3C Clear Key writes it in license requests: base64url without padding. */
  public String kidBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(kidBytes());
  }

  public String keyBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(keyBytes());
  }

  /** A fresh random key, for tests that do not take theirs from the vault. */
  public static ContentKey random() {
    SecureRandom random = new SecureRandom();
    byte[] kid = new byte[16];
    byte[] key = new byte[16];
    random.nextBytes(kid);
    random.nextBytes(key);
    return new ContentKey(HEX.formatHex(kid), HEX.formatHex(key));
  }

  @Override
  public String toString() {
    // Keys stay out of logs and assertion messages; the key id is enough to tell them apart.
    return "ContentKey[kid=" + kid + "]";
  }
}
