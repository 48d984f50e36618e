package org.playhead.license.vault;

import java.util.Arrays;
import java.util.Objects;
import org.playhead.license.KeyId;
import org.playhead.license.TrackType;

/**
 * One stored content key: wrapped, never in the clear.
 *
 * @param wrappedKey {@code nonce || AES-GCM ciphertext || tag} under {@code masterKeyId}
 */
public record VaultRow(
    String titleId,
    TrackType trackType,
    KeyId keyId,
    byte[] wrappedKey,
    String masterKeyId,
    long createdAtMs) {

  public VaultRow {
    Objects.requireNonNull(titleId);
    Objects.requireNonNull(trackType);
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(masterKeyId);
    wrappedKey = wrappedKey.clone();
  }

  @Override
  public byte[] wrappedKey() {
    return wrappedKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VaultRow r
        && titleId.equals(r.titleId)
        && trackType == r.trackType
        && keyId.equals(r.keyId)
        && Arrays.equals(wrappedKey, r.wrappedKey)
        && masterKeyId.equals(r.masterKeyId)
        && createdAtMs == r.createdAtMs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(titleId, trackType, keyId, masterKeyId);
  }

  @Override
  public String toString() {
    return "VaultRow["
        + titleId
        + "/"
        + trackType
        + " kid="
        + keyId
        + " master="
        + masterKeyId
        + "]";
  }
}
