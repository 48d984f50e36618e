package org.playhead.license;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A title's 128-bit content key for one track type, in the clear: it exists only in memory, on its
 * way into a license or a packager's answer. {@link #toString()} never shows the key, so it cannot
 * reach a log line or an error message by accident.
 */
public final class ContentKey {
  public static final int BYTES = 16;

  private final String titleId;
  private final TrackType trackType;
  private final KeyId keyId;
  private final byte[] key;

  public ContentKey(String titleId, TrackType trackType, KeyId keyId, byte[] key) {
    this.titleId = Objects.requireNonNull(titleId, "titleId");
    this.trackType = Objects.requireNonNull(trackType, "trackType");
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    if (key == null || key.length != BYTES) {
      throw new IllegalArgumentException("a content key is 16 bytes");
    }
    this.key = key.clone();
  }

  public String titleId() {
    return titleId;
  }

  public TrackType trackType() {
    return trackType;
  }

  public KeyId keyId() {
    return keyId;
  }

  /** A copy of the key bytes. */
  public byte[] key() {
    return key.clone();
  }

  public String keyHex() {
    return HexFormat.of().formatHex(key);
  }

  public String keyBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** Same title, track, id and key (the key compared in constant time). */
  public boolean sameAs(ContentKey other) {
    return titleId.equals(other.titleId)
        && trackType == other.trackType
        && keyId.equals(other.keyId)
        && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentKey other && sameAs(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(titleId, trackType, keyId);
  }

  @Override
  public String toString() {
    return "ContentKey[" + titleId + "/" + trackType + " kid=" + keyId + ", key redacted]";
  }
}
