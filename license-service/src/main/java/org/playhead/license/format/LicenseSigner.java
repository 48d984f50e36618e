package org.playhead.license.format;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

/**
 * Signs licenses with ECDSA P-256 and SHA-256, the signature as {@code r || s} (64 bytes, the form
 * JWS ES256 uses), with the JDK's provider. The public half is published as a JWK so any client can
 * check that a license came from Playhead and was not changed on the way.
 */
public final class LicenseSigner {
  static final String JDK_ALGORITHM = "SHA256withECDSAinP1363Format";

  private final String keyId;
  private final PrivateKey privateKey;
  private final ECPublicKey publicKey;
  private final String publicJwk;

  public LicenseSigner(ECKey key) {
    try {
      this.keyId = key.getKeyID();
      this.privateKey = key.toPrivateKey();
      this.publicKey = key.toECPublicKey();
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the license signing key is not a usable EC key");
    }
    this.publicJwk =
        new ECKey.Builder(key.toPublicJWK())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.ES256)
            .keyID(keyId)
            .build()
            .toJSONString();
  }

  public String keyId() {
    return keyId;
  }

  /** The verification key as a public JWK (kty EC, crv P-256, alg ES256, use sig, kid). */
  public String publicJwk() {
    return publicJwk;
  }

  public byte[] sign(byte[] payload) {
    try {
      Signature signature = Signature.getInstance(JDK_ALGORITHM);
      signature.initSign(privateKey);
      signature.update(payload);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 signing is unavailable", e);
    }
  }

  public boolean verify(byte[] payload, byte[] signatureBytes) {
    return verify(publicKey, payload, signatureBytes);
  }

  /** What a client does with the published key. */
  public static boolean verify(ECPublicKey key, byte[] payload, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance(JDK_ALGORITHM);
      signature.initVerify(key);
      signature.update(payload);
      return signature.verify(signatureBytes);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 verification is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "LicenseSigner[ES256 kid=" + keyId + ", private key redacted]";
  }
}
