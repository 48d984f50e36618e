package org.playhead.license.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.playhead.license.ContentKey;
import org.playhead.license.KeyId;
import org.playhead.license.TrackType;

/**
 * Envelope encryption of content keys: each key is encrypted with AES-256-GCM under the active
 * master key, with the row's identity (title, track type, key id, master key id) as associated
 * data, so a wrapped key copied to another row, or relabelled with another master key id, no longer
 * decrypts. A wrapped key is {@code nonce (12) || ciphertext (16) || tag (16)}.
 *
 * <p>Rotation: configure the new key as active and keep the old one; rows wrapped by the old key
 * still unwrap, and {@link KeyVault#rewrap()} moves them to the new one. Only then may the old key
 * be dropped.
 */
public final class MasterKeyring {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String AAD_PREFIX = "playhead-content-key:v1";

  private final MasterKey active;
  private final Map<String, MasterKey> byId;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param active the key new and re-wrapped rows use
   * @param others keys that may still have wrapped rows (rotation in progress)
   */
  public MasterKeyring(MasterKey active, List<MasterKey> others) {
    this.active = active;
    Map<String, MasterKey> keys = new LinkedHashMap<>();
    keys.put(active.id(), active);
    for (MasterKey k : others) {
      if (keys.putIfAbsent(k.id(), k) != null && k != active) {
        throw new IllegalArgumentException("master key id " + k.id() + " is given twice");
      }
    }
    this.byId = Map.copyOf(keys);
  }

  public String activeId() {
    return active.id();
  }

  public boolean knows(String masterKeyId) {
    return byId.containsKey(masterKeyId);
  }

  /** The key wrapped under the active master key, as stored. */
  public VaultRow wrap(ContentKey key, long createdAtMs) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, active.secret(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(key.titleId(), key.trackType(), key.keyId(), active.id()));
      sealed = cipher.doFinal(key.key());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
    byte[] wrapped = new byte[NONCE_BYTES + sealed.length];
    System.arraycopy(nonce, 0, wrapped, 0, NONCE_BYTES);
    System.arraycopy(sealed, 0, wrapped, NONCE_BYTES, sealed.length);
    return new VaultRow(
        key.titleId(), key.trackType(), key.keyId(), wrapped, active.id(), createdAtMs);
  }

  /**
   * The content key of a stored row.
   *
   * @throws VaultException when the row's master key is not configured or the row does not decrypt
   *     (tampered, or moved to another row); the message never contains key material
   */
  public ContentKey unwrap(VaultRow row) {
    MasterKey master = byId.get(row.masterKeyId());
    if (master == null) {
      throw new VaultException(
          "content key of "
              + row.titleId()
              + "/"
              + row.trackType()
              + " is wrapped by master key "
              + row.masterKeyId()
              + ", which is not configured");
    }
    byte[] wrapped = row.wrappedKey();
    if (wrapped.length != NONCE_BYTES + ContentKey.BYTES + TAG_BITS / 8) {
      throw new VaultException(
          "wrapped key of " + row.titleId() + "/" + row.trackType() + " is corrupt");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          master.secret(),
          new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
      cipher.updateAAD(aad(row.titleId(), row.trackType(), row.keyId(), row.masterKeyId()));
      byte[] key = cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
      return new ContentKey(row.titleId(), row.trackType(), row.keyId(), key);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new VaultException(
          "wrapped key of " + row.titleId() + "/" + row.trackType() + " does not authenticate");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /** The row re-wrapped under the active master key (same content key, new nonce). */
  public VaultRow rewrap(VaultRow row) {
    return wrap(unwrap(row), row.createdAtMs());
  }

  public Optional<MasterKey> key(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  private static byte[] aad(String titleId, TrackType track, KeyId kid, String masterKeyId) {
    return (AAD_PREFIX + "|" + titleId + "|" + track.name() + "|" + kid.hex() + "|" + masterKeyId)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "MasterKeyring[active=" + active.id() + ", keys=" + byId.keySet() + "]";
  }
}
