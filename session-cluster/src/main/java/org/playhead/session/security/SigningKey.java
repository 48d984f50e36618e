package org.playhead.session.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One HMAC-SHA256 secret of a role, with its key id ({@code kid}): a token names the key that
 * signed it, so a role can hold several keys while one replaces another. Never printed: {@link
 * #toString()} says nothing about the secret, and no error message here quotes the text it was
 * parsed from.
 */
public final class SigningKey {
  /** HS256 needs at least as many key bits as the hash has (RFC 7518, section 3.2). */
  public static final int MIN_BYTES = 32;

  /** Key ids travel in every token header: short, and safe in logs and config. */
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final byte[] secret;
  private final String id;

  private SigningKey(byte[] secret, String id) {
    if (secret.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "is " + secret.length + " bytes; HS256 needs at least " + MIN_BYTES + " random bytes");
    }
    this.secret = secret.clone();
    this.id = id != null ? checkedId(id) : thumbprintId(this.secret);
  }

  /** A fresh random key. */
  public static SigningKey generate(SecureRandom random) {
    byte[] bytes = new byte[MIN_BYTES];
    random.nextBytes(bytes);
    return new SigningKey(bytes, null);
  }

  /**
   * The key id: the JWK's {@code kid} when it has one, otherwise the first 16 characters of its RFC
   * 7638 thumbprint, so that every node derives the same id from the same secret.
   */
  public String id() {
    return id;
  }

  /**
   * Reads one key or several: a JWK set ({@code {"keys":[...]}}, each an oct JWK with a distinct
   * {@code kid}) for a rotation, or one key as {@link #parse} reads it.
   *
   * @throws IllegalArgumentException saying what is wrong, without the keys' text
   */
  public static List<SigningKey> parseAll(String text) {
    String trimmed = text.trim();
    if (!trimmed.startsWith("{") || !trimmed.contains("\"keys\"")) {
      return List.of(parse(trimmed));
    }
    JWKSet set;
    try {
      set = JWKSet.parse(trimmed);
    } catch (ParseException e) {
      throw new IllegalArgumentException("is not a valid JWK set");
    }
    if (set.getKeys().isEmpty()) {
      throw new IllegalArgumentException("is a JWK set without keys");
    }
    List<SigningKey> keys = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (jwk.getKeyID() == null) {
        throw new IllegalArgumentException("is a JWK set with a key that has no kid");
      }
      SigningKey key = fromJwk(jwk);
      if (keys.stream().anyMatch(k -> k.id.equals(key.id))) {
        throw new IllegalArgumentException("is a JWK set with the kid " + key.id + " twice");
      }
      keys.add(key);
    }
    return List.copyOf(keys);
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
      JWK jwk;
      try {
        jwk = JWK.parse(trimmed);
      } catch (ParseException e) {
        throw new IllegalArgumentException("is not a valid JWK");
      }
      return fromJwk(jwk);
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
    return new SigningKey(bytes, null);
  }

  private static SigningKey fromJwk(JWK jwk) {
    if (!(jwk instanceof OctetSequenceKey oct)) {
      throw new IllegalArgumentException(
          "is a JWK of type " + jwk.getKeyType() + "; an oct (HMAC) key is required");
    }
    if (jwk.getAlgorithm() != null && !JWSAlgorithm.HS256.equals(jwk.getAlgorithm())) {
      throw new IllegalArgumentException(
          "is a JWK for " + jwk.getAlgorithm() + "; Playhead signs with HS256");
    }
    return new SigningKey(oct.toByteArray(), jwk.getKeyID());
  }

  private static String checkedId(String id) {
    if (!KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("has a kid that is not 1-64 of [A-Za-z0-9._-]");
    }
    return id;
  }

  private static String thumbprintId(byte[] secret) {
    try {
      return new OctetSequenceKey.Builder(Base64URL.encode(secret))
          .build()
          .computeThumbprint()
          .toString()
          .substring(0, 16);
    } catch (JOSEException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
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
