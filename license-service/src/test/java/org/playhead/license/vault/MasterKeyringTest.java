package org.playhead.license.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.license.ContentKey;
import org.playhead.license.KeyId;
import org.playhead.license.TestKeys;
import org.playhead.license.TrackType;

class MasterKeyringTest {
  final MasterKey m1 = TestKeys.master("m1");
  final MasterKeyring ring = new MasterKeyring(m1, List.of());
  final ContentKey key = TestKeys.key("title-1", TrackType.SD);

  @Test
  void aWrappedKeyUnwrapsToTheSameKeyAndIsNotStoredInTheClear() {
    VaultRow row = ring.wrap(key, 1L);
    assertEquals("m1", row.masterKeyId());
    assertEquals(12 + 16 + 16, row.wrappedKey().length);
    assertFalse(contains(row.wrappedKey(), key.key()), "the key must not appear in the row");
    assertTrue(ring.unwrap(row).sameAs(key));
    // A fresh nonce every time: the same key never wraps to the same bytes.
    assertFalse(Arrays.equals(row.wrappedKey(), ring.wrap(key, 1L).wrappedKey()));
  }

  @Test
  void aWrappedKeyMovedToAnotherRowOrRelabelledNoLongerDecrypts() {
    VaultRow row = ring.wrap(key, 1L);
    VaultRow otherTitle =
        new VaultRow("title-2", row.trackType(), row.keyId(), row.wrappedKey(), "m1", 1L);
    VaultRow otherTrack =
        new VaultRow(row.titleId(), TrackType.UHD, row.keyId(), row.wrappedKey(), "m1", 1L);
    VaultRow otherKid =
        new VaultRow(
            row.titleId(),
            row.trackType(),
            KeyId.of(TestKeys.random(16)),
            row.wrappedKey(),
            "m1",
            1L);
    for (VaultRow moved : List.of(otherTitle, otherTrack, otherKid)) {
      VaultException e = assertThrows(VaultException.class, () -> ring.unwrap(moved));
      assertFalse(e.getMessage().contains(key.keyHex()));
    }
    byte[] tampered = row.wrappedKey();
    tampered[20] ^= 1;
    assertThrows(
        VaultException.class,
        () ->
            ring.unwrap(
                new VaultRow(row.titleId(), row.trackType(), row.keyId(), tampered, "m1", 1L)));
  }

  @Test
  void rotationKeepsOldRowsReadableAndRewrapsThemUnderTheNewKey() {
    VaultRow old = ring.wrap(key, 7L);
    MasterKey m2 = TestKeys.master("m2");
    MasterKeyring rotating = new MasterKeyring(m2, List.of(m1));
    assertEquals("m2", rotating.activeId());
    assertTrue(rotating.unwrap(old).sameAs(key));
    VaultRow moved = rotating.rewrap(old);
    assertEquals("m2", moved.masterKeyId());
    assertEquals(7L, moved.createdAtMs());
    assertNotEquals(old, moved);
    // Once m1 is dropped, the moved row still reads; the old one does not, and says why.
    MasterKeyring after = new MasterKeyring(m2, List.of());
    assertTrue(after.unwrap(moved).sameAs(key));
    VaultException e = assertThrows(VaultException.class, () -> after.unwrap(old));
    assertTrue(e.getMessage().contains("m1"), e.getMessage());
  }

  @Test
  void keysAreNeverPrinted() {
    assertFalse(m1.toString().matches(".*[0-9a-f]{32}.*"));
    assertFalse(key.toString().contains(key.keyHex()));
    assertFalse(ring.toString().contains(key.keyHex()));
    assertThrows(IllegalArgumentException.class, () -> new MasterKey("m1", new byte[16]));
    assertThrows(IllegalArgumentException.class, () -> new MasterKey("bad id!", new byte[32]));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
