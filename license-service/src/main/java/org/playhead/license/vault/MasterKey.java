package org.playhead.license.vault;

import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES key that wraps content keys at rest (the key-encryption key of envelope
 * encryption). Its id is stored with every row it wrapped, so rows can be re-wrapped under a new
 * master key while the old one is still configured. Never printed.
 */
public final class MasterKey {
  public static final int BYTES = 32;

  private final String id;
  private final SecretKey key;

  public MasterKey(String id, byte[] bytes) {
    this.id = Objects.requireNonNull(id, "id");
    if (!id.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw new IllegalArgumentException("a master key id is 1-64 of [A-Za-z0-9._:-]");
    }
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException(
          "master key " + id + " must be " + BYTES + " bytes (AES-256)");
    }
    this.key = new SecretKeySpec(bytes, "AES");
  }

  public String id() {
    return id;
  }

  SecretKey secret() {
    return key;
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + ", redacted]";
  }
}
