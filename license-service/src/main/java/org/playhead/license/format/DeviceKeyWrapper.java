package org.playhead.license.format;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Wraps content keys to a device's RSA public key with RSA-OAEP, SHA-256 and MGF1-SHA-256 (JWA's
 * "RSA-OAEP-256"): only the holder of the device's private key (its CDM) can read them.
 */
public final class DeviceKeyWrapper {
  public static final String ALGORITHM = "RSA-OAEP-256";
  public static final int MIN_RSA_BITS = 2048;
  public static final int MAX_RSA_BITS = 8192;

  private static final OAEPParameterSpec OAEP_SHA256 =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

  private DeviceKeyWrapper() {}

  /** A device key that is not an RSA public key of an accepted size. */
  public static final class BadDeviceKey extends Exception {
    public BadDeviceKey(String message) {
      super(message);
    }
  }

  /** Reads a DER SubjectPublicKeyInfo RSA key of 2048 to 8192 bits. */
  public static RSAPublicKey parse(byte[] der) throws BadDeviceKey {
    if (der == null || der.length == 0) {
      throw new BadDeviceKey("device_public_key is required");
    }
    if (der.length > 2048) {
      throw new BadDeviceKey("device_public_key is too large");
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new BadDeviceKey(
          "device_public_key is not a DER RSA public key (SubjectPublicKeyInfo)");
    }
    RSAPublicKey rsa = (RSAPublicKey) key;
    int bits = rsa.getModulus().bitLength();
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      throw new BadDeviceKey(
          "device_public_key must be RSA " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits");
    }
    return rsa;
  }

  public static byte[] wrap(RSAPublicKey deviceKey, byte[] contentKey) {
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
      cipher.init(Cipher.ENCRYPT_MODE, deviceKey, OAEP_SHA256);
      return cipher.doFinal(contentKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA-OAEP-256 is unavailable", e);
    }
  }

  /** What a device does with its private key; for clients and tests. */
  public static byte[] unwrap(java.security.PrivateKey devicePrivateKey, byte[] wrapped)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    cipher.init(Cipher.DECRYPT_MODE, devicePrivateKey, OAEP_SHA256);
    return cipher.doFinal(wrapped);
  }
}
