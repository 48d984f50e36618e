package org.playhead.license.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.playhead.license.vault.MasterKey;
import org.playhead.license.vault.MasterKeyring;

/**
 * The license service's three secrets, each from its own environment variable, never from a file in
 * the repository:
 *
 * <ul>
 *   <li>{@code PLAYHEAD_LICENSE_TOKEN_KEY}: the HMAC key of license tokens (an oct JWK or base64 of
 *       at least 32 bytes);
 *   <li>{@code PLAYHEAD_LICENSE_SIGNING_KEY}: the EC P-256 private JWK that signs licenses (its
 *       public half is published);
 *   <li>{@code PLAYHEAD_LICENSE_MASTER_KEYS}: a JWK set of 256-bit oct keys, each with a {@code
 *       kid}, that wrap content keys at rest; {@code PLAYHEAD_LICENSE_MASTER_KEY_ID} names the
 *       active one (default: the first). During a rotation both the old and the new key are in the
 *       set.
 * </ul>
 *
 * For local development only, a secret that is not set comes from a generated file next to the role
 * keys' dev file ({@link DevLicenseKeys}).
 */
public record LicenseSecrets(
    byte[] tokenKey, ECKey signingKey, MasterKeyring masterKeys, Optional<Path> devKeysFile) {

  public static final int MIN_TOKEN_KEY_BYTES = 32;

  public LicenseSecrets {
    if (tokenKey.length < MIN_TOKEN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the license token key must have at least " + MIN_TOKEN_KEY_BYTES + " bytes");
    }
    tokenKey = tokenKey.clone();
  }

  @Override
  public byte[] tokenKey() {
    return tokenKey.clone();
  }

  @Override
  public String toString() {
    return "LicenseSecrets[redacted, signing kid="
        + signingKey.getKeyID()
        + ", "
        + masterKeys
        + "]";
  }

  /**
   * Reads {@code playhead.license}: the three secrets from their settings (environment), else from
   * the dev file when one is configured.
   *
   * @throws IllegalStateException naming every missing or invalid secret, never quoting it
   */
  public static LicenseSecrets fromConfig(Config config) {
    Config c = config.getConfig("playhead.license");
    Optional<Path> devFile = devFile(config);
    Optional<DevLicenseKeys.Keys> dev = devFile.map(DevLicenseKeys::loadOrCreate);
    List<String> problems = new ArrayList<>();

    byte[] tokenKey = null;
    Optional<String> tokenText = text(c, "token.signing-key");
    if (tokenText.isPresent()) {
      try {
        tokenKey = parseSecret(tokenText.get());
      } catch (IllegalArgumentException e) {
        problems.add("PLAYHEAD_LICENSE_TOKEN_KEY " + e.getMessage());
      }
    } else if (dev.isPresent()) {
      tokenKey = dev.get().tokenKey();
    } else {
      problems.add("no license token key: set PLAYHEAD_LICENSE_TOKEN_KEY");
    }

    ECKey signing = null;
    Optional<String> signingText = text(c, "signing-key");
    if (signingText.isPresent()) {
      try {
        signing = parseSigningKey(signingText.get());
      } catch (IllegalArgumentException e) {
        problems.add("PLAYHEAD_LICENSE_SIGNING_KEY " + e.getMessage());
      }
    } else if (dev.isPresent()) {
      signing = dev.get().signingKey();
    } else {
      problems.add("no license signing key: set PLAYHEAD_LICENSE_SIGNING_KEY");
    }

    MasterKeyring ring = null;
    Optional<String> mastersText = text(c, "master-keys");
    Optional<String> activeId = text(c, "master-key-id");
    if (mastersText.isPresent()) {
      try {
        ring = parseMasterKeys(mastersText.get(), activeId);
      } catch (IllegalArgumentException e) {
        problems.add("PLAYHEAD_LICENSE_MASTER_KEYS " + e.getMessage());
      }
    } else if (dev.isPresent()) {
      ring = new MasterKeyring(dev.get().masterKey(), List.of());
    } else {
      problems.add("no master key: set PLAYHEAD_LICENSE_MASTER_KEYS");
    }

    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Playhead cannot start the license service: "
              + String.join("; ", problems)
              + ". For local development only, PLAYHEAD_DEV_KEYS_FILE (./playhead dev sets it)"
              + " makes the node generate and use dev license keys.");
    }
    return new LicenseSecrets(tokenKey, signing, ring, devFile);
  }

  /**
   * The dev file: {@code playhead.license.dev-keys-file}, else next to the role keys' dev file
   * ({@code dev-keys.json} gives {@code dev-keys.license.json}).
   */
  static Optional<Path> devFile(Config config) {
    Optional<String> own = text(config, "playhead.license.dev-keys-file");
    if (own.isPresent()) {
      return Optional.of(Path.of(own.get()));
    }
    return text(config, "playhead.security.dev-keys-file")
        .map(Path::of)
        .map(
            roles -> {
              String name = roles.getFileName().toString();
              String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
              return roles.resolveSibling(base + ".license.json");
            });
  }

  /** An oct JWK or base64/base64url of the raw secret, at least 32 bytes. */
  static byte[] parseSecret(String text) {
    String t = text.trim();
    byte[] bytes;
    if (t.startsWith("{")) {
      try {
        JWK jwk = JWK.parse(t);
        if (!(jwk instanceof OctetSequenceKey oct)) {
          throw new IllegalArgumentException("is not an oct JWK");
        }
        bytes = oct.toByteArray();
      } catch (ParseException e) {
        throw new IllegalArgumentException("is not a valid JWK");
      }
    } else {
      try {
        bytes =
            t.indexOf('-') >= 0 || t.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(t)
                : Base64.getDecoder().decode(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("is neither a JWK nor valid base64");
      }
    }
    if (bytes.length < MIN_TOKEN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "is " + bytes.length + " bytes; at least " + MIN_TOKEN_KEY_BYTES + " are required");
    }
    return bytes;
  }

  /** An EC P-256 JWK with its private part; a missing kid becomes its RFC 7638 thumbprint. */
  static ECKey parseSigningKey(String text) {
    ECKey key;
    try {
      JWK jwk = JWK.parse(text.trim());
      if (!(jwk instanceof ECKey ec)) {
        throw new IllegalArgumentException("is not an EC JWK");
      }
      key = ec;
    } catch (ParseException e) {
      throw new IllegalArgumentException("is not a valid JWK");
    }
    if (!Curve.P_256.equals(key.getCurve())) {
      throw new IllegalArgumentException("must be on curve P-256");
    }
    if (!key.isPrivate()) {
      throw new IllegalArgumentException("lacks its private part (d)");
    }
    if (key.getKeyID() == null) {
      try {
        key = new ECKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
      } catch (JOSEException e) {
        throw new IllegalArgumentException("has no thumbprint");
      }
    }
    return key;
  }

  /** A JWK set of oct keys with kids; {@code activeId} names the active one (default: first). */
  static MasterKeyring parseMasterKeys(String text, Optional<String> activeId) {
    JWKSet set;
    try {
      set = JWKSet.parse(text.trim());
    } catch (ParseException e) {
      throw new IllegalArgumentException("is not a JWK set ({\"keys\":[...]})");
    }
    List<MasterKey> keys = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (!(jwk instanceof OctetSequenceKey oct) || jwk.getKeyID() == null) {
        throw new IllegalArgumentException("must hold only oct keys, each with a kid");
      }
      keys.add(new MasterKey(jwk.getKeyID(), oct.toByteArray()));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("holds no key");
    }
    MasterKey active =
        activeId
            .map(
                id ->
                    keys.stream()
                        .filter(k -> k.id().equals(id))
                        .findFirst()
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "has no key " + id + " (PLAYHEAD_LICENSE_MASTER_KEY_ID)")))
            .orElse(keys.get(0));
    List<MasterKey> others = keys.stream().filter(k -> k != active).toList();
    return new MasterKeyring(active, others);
  }

  private static Optional<String> text(Config c, String path) {
    return c.hasPath(path) && !c.getString(path).isBlank()
        ? Optional.of(c.getString(path))
        : Optional.empty();
  }
}
