package org.playhead.devkit;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an identity service outside the node needs to issue (or check) the node's bearer tokens: the
 * issuer, and each role's audience and HS256 key, read from the node's own configuration ({@code
 * playhead.security}) with the node's rule for keys: a role's {@code signing-key} (its {@code
 * PLAYHEAD_<ROLE>_SIGNING_KEY}) when set, else the dev keys file.
 *
 * @param issuer the {@code iss} of every token
 * @param roles by role config name ({@code player}, {@code care}, {@code sre})
 */
public record TokenSettings(String issuer, Map<String, RoleKey> roles) {

  /**
   * @param audience the {@code aud} of this role's tokens
   * @param key the role's HS256 secret
   */
  public record RoleKey(String audience, OctetSequenceKey key) {}

  public TokenSettings {
    roles = Map.copyOf(roles);
    for (String role : TokenKeys.ROLES) {
      if (!roles.containsKey(role)) {
        throw new IllegalArgumentException("no key for role " + role);
      }
    }
  }

  public RoleKey role(String role) {
    RoleKey key = roles.get(role);
    if (key == null) {
      throw new IllegalArgumentException("no such role: " + role);
    }
    return key;
  }

  /**
   * The settings of a node that runs with {@code nodeConfig}, signing with {@code devKeysFile}
   * (created if missing) for every role without a key of its own.
   */
  public static TokenSettings of(Config nodeConfig, Path devKeysFile) {
    Config security = nodeConfig.getConfig("playhead.security");
    Map<String, OctetSequenceKey> dev = null;
    Map<String, RoleKey> roles = new LinkedHashMap<>();
    for (String role : TokenKeys.ROLES) {
      Config r = security.getConfig(role);
      Optional<String> text =
          r.hasPath("signing-key") && !r.getString("signing-key").isBlank()
              ? Optional.of(r.getString("signing-key"))
              : Optional.empty();
      OctetSequenceKey key;
      if (text.isPresent()) {
        key = parse(role, text.get());
      } else {
        if (dev == null) {
          dev = TokenKeys.loadOrCreate(devKeysFile);
        }
        key = dev.get(role);
      }
      roles.put(role, new RoleKey(r.getString("audience"), key));
    }
    return new TokenSettings(security.getString("issuer"), roles);
  }

  /** A key given as an oct JWK or as base64 / base64url of the secret, as the node reads it. */
  static OctetSequenceKey parse(String role, String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("{")) {
      try {
        if (JWK.parse(trimmed) instanceof OctetSequenceKey oct) {
          return oct;
        }
      } catch (ParseException e) {
        // reported below, without the key's text
      }
      throw new IllegalArgumentException("the " + role + " signing key is not an oct JWK");
    }
    byte[] secret;
    try {
      secret =
          trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(trimmed)
              : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the " + role + " signing key is neither a JWK nor valid base64");
    }
    return new OctetSequenceKey.Builder(Base64URL.encode(secret)).keyID(role).build();
  }
}
