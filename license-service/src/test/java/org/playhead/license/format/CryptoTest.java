package org.playhead.license.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.playhead.license.TestKeys;

/** Key wrapping to a device key and license signing, as a client would check them. */
class CryptoTest {
  @Test
  void aKeyWrappedToTheDeviceUnwrapsOnlyWithItsPrivateKey() throws Exception {
    KeyPair device = TestKeys.rsa(2048);
    byte[] key = TestKeys.random(16);
    byte[] wrapped =
        DeviceKeyWrapper.wrap(DeviceKeyWrapper.parse(device.getPublic().getEncoded()), key);
    assertEquals(256, wrapped.length);
    assertArrayEquals(key, DeviceKeyWrapper.unwrap(device.getPrivate(), wrapped));
    KeyPair other = TestKeys.rsa(2048);
    assertThrows(Exception.class, () -> DeviceKeyWrapper.unwrap(other.getPrivate(), wrapped));
  }

  @Test
  void weakOrForeignDeviceKeysAreRefused() {
    assertThrows(
        DeviceKeyWrapper.BadDeviceKey.class,
        () -> DeviceKeyWrapper.parse(TestKeys.rsa(1024).getPublic().getEncoded()));
    assertThrows(
        DeviceKeyWrapper.BadDeviceKey.class, () -> DeviceKeyWrapper.parse(new byte[] {1, 2, 3}));
    assertThrows(DeviceKeyWrapper.BadDeviceKey.class, () -> DeviceKeyWrapper.parse(new byte[0]));
    ECKey ec = TestKeys.signingKey("x");
    assertThrows(
        DeviceKeyWrapper.BadDeviceKey.class,
        () -> DeviceKeyWrapper.parse(ec.toECPublicKey().getEncoded()));
  }

  @Test
  void aSignatureVerifiesWithThePublishedKeyAndBreaksOnAnyChange() throws Exception {
    LicenseSigner signer = new LicenseSigner(TestKeys.signingKey("sig-1"));
    byte[] payload = TestKeys.random(200);
    byte[] signature = signer.sign(payload);
    assertEquals(64, signature.length, "r || s, the JWS ES256 form");
    ECKey published = ECKey.parse(signer.publicJwk());
    assertFalse(published.isPrivate());
    assertEquals("sig-1", published.getKeyID());
    assertEquals("ES256", published.getAlgorithm().getName());
    assertTrue(LicenseSigner.verify(published.toECPublicKey(), payload, signature));
    payload[7] ^= 1;
    assertFalse(LicenseSigner.verify(published.toECPublicKey(), payload, signature));
    payload[7] ^= 1;
    signature[3] ^= 1;
    assertFalse(LicenseSigner.verify(published.toECPublicKey(), payload, signature));
    assertFalse(signer.toString().contains(TestKeys.signingKey("sig-1").getD().toString()));
  }
}
