package org.playhead.session.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;

/**
 * One role's HMAC-SHA256 secret. Never printed: {@link #toString()} says nothing about it, and no
 * error message here quotes the text it was parsed from.
 */
public final class SigningKey {
  /** HS256 needs at least as many key bits as the hash has (RFC 7518, section 3.2). */
  public static final int MIN_BYTES = 32;

  private final byte[] secret;

  private SigningKey(byte[] secret) {
    if (secret.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "is " + secret.length + " bytes; HS256 needs at least " + MIN_BYTES + " random bytes");
    }
    this.secret = secret.clone();
  }

  /** A fresh random key. */
  public static SigningKey generate(SecureRandom random) {
    byte[] bytes = new byte[MIN_BYTES];
    random.nextBytes(bytes);
    return new SigningKey(bytes);
  }

  /**
   * Reads a key given as an octet JWK ({@code {"kty":"oct","k":"..."}}) or as base64 / base64url of
   * the raw secret.
   *
   * @throws IllegalArgumentException saying what is wrong, without the key's text
   */
  public static SigningKey parse(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    if (trimmed.startsWith("{")) {
      return fromJwk(trimmed);
    }
    byte[] bytes;
    try {
      bytes =
          trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(trimmed)
              : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: keep it out.
      throw new IllegalArgumentException("is neither a JWK nor valid base64");
    }
    return new SigningKey(bytes);
  }

  private static SigningKey fromJwk(String json) {
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalArgumentException("is not a valid JWK");
    }
    if (!(jwk instanceof OctetSequenceKey oct)) {
      throw new IllegalArgumentException(
          "is a JWK of type " + jwk.getKeyType() + "; an oct (HMAC) key is required");
    }
    if (jwk.getAlgorithm() != null && !JWSAlgorithm.HS256.equals(jwk.getAlgorithm())) {
      throw new IllegalArgumentException(
          "is a JWK for " + jwk.getAlgorithm() + "; Playhead signs with HS256");
    }
    return new SigningKey(oct.toByteArray());
  }

  /** This key as an octet JWK, for the dev keys file. */
  public String toJwkJson(String keyId) {
    return new OctetSequenceKey.Builder(Base64URL.encode(secret))
        .keyID(keyId)
        .algorithm(JWSAlgorithm.HS256)
        .keyUse(KeyUse.SIGNATURE)
        .build()
        .toJSONString();
  }

  JWSSigner signer() {
    try {
      return new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signer rejected a checked key", e);
    }
  }

  JWSVerifier verifier() {
    try {
      return new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 verifier rejected a checked key", e);
    }
  }

  /**
   * A key for another purpose derived from this one (HMAC-SHA256 of the purpose's name), so a
   * purpose such as signing steering URLs needs no secret of its own and never sees this one.
   */
  public byte[] derive(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  /** Constant-time comparison, to refuse one secret shared by two roles. */
  boolean sameSecretAs(SigningKey other) {
    return MessageDigest.isEqual(secret, other.secret);
  }

  @Override
  public String toString() {
    return "SigningKey[HS256, redacted]";
  }
}
