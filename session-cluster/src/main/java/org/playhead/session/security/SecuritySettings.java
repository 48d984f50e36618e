package org.playhead.session.security;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Token settings, read once from {@code playhead.security}.
 *
 * <p>Each role's key comes from its environment variable ({@code PLAYHEAD_PLAYER_SIGNING_KEY},
 * {@code PLAYHEAD_CARE_SIGNING_KEY}, {@code PLAYHEAD_SRE_SIGNING_KEY}, {@code
 * PLAYHEAD_PACKAGER_SIGNING_KEY}): one key, or a JWK set of several with distinct kids while keys
 * rotate, the active one named by {@code ..._SIGNING_KEY_ID} (default: the first). For local
 * development only, {@code PLAYHEAD_DEV_KEYS_FILE} names a file of generated keys ({@link DevKeys})
 * used for every role whose variable is unset. With neither, {@link #fromConfig} fails and the node
 * does not start.
 *
 * @param issuer the {@code iss} every token carries and every verifier requires
 * @param clockSkew how far {@code exp}, {@code nbf} and {@code iat} may be off between the issuer's
 *     clock and ours
 * @param roles each role's audience and key
 * @param devKeysFile the dev keys file in use, if any (so that the node can say so at startup)
 */
public record SecuritySettings(
    String issuer, Duration clockSkew, Map<Role, RoleKey> roles, Optional<Path> devKeysFile) {

  /** The most clock skew we tolerate: more would stretch every token's lifetime noticeably. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** A role's longest token lifetime when configuration does not say. */
  public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(12);

  /**
   * A role's keys.
   *
   * @param audience the {@code aud} of this role's tokens, distinct per role
   * @param keys every key whose tokens verify, distinct ids; during a rotation the new and the old
   * @param activeKeyId the key that signs new tokens (the minter's; verifiers accept them all)
   * @param maxTokenLifetime the longest {@code exp - iat} a token of this role may have: a token
   *     minted for longer is refused, so a leaked one cannot outlive it
   */
  public record RoleKey(
      String audience, List<SigningKey> keys, String activeKeyId, Duration maxTokenLifetime) {
    public RoleKey {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("a role needs at least one key");
      }
      if (keys.stream().map(SigningKey::id).distinct().count() != keys.size()) {
        throw new IllegalArgumentException("a role's keys need distinct kids");
      }
      String active = activeKeyId;
      if (keys.stream().noneMatch(k -> k.id().equals(active))) {
        throw new IllegalArgumentException("no key with the active kid " + activeKeyId);
      }
      if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
        throw new IllegalArgumentException("the longest token lifetime must be positive");
      }
    }

    /** One key, which signs and verifies, and the default longest lifetime. */
    public RoleKey(String audience, SigningKey key) {
      this(audience, List.of(key), key.id(), DEFAULT_MAX_TOKEN_LIFETIME);
    }

    /** The key that signs new tokens. */
    public SigningKey key() {
      return keys.stream().filter(k -> k.id().equals(activeKeyId)).findFirst().orElseThrow();
    }
  }

  public SecuritySettings {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("playhead.security.issuer must not be empty");
    }
    if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException(
          "playhead.security.clock-skew must be between 0 and " + MAX_CLOCK_SKEW);
    }
    roles = Collections.unmodifiableMap(new EnumMap<>(roles));
    for (Role role : Role.values()) {
      if (!roles.containsKey(role)) {
        throw new IllegalArgumentException("No key for role " + role);
      }
    }
    List<Role> all = List.of(Role.values());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        RoleKey a = roles.get(all.get(i));
        RoleKey b = roles.get(all.get(j));
        if (a.audience().equals(b.audience())) {
          throw new IllegalArgumentException(
              "Roles " + all.get(i) + " and " + all.get(j) + " share the audience " + a.audience());
        }
        // One secret for two roles would let a leaked player key mint care tokens.
        if (a.keys().stream().anyMatch(ka -> b.keys().stream().anyMatch(ka::sameSecretAs))) {
          throw new IllegalArgumentException(
              "Roles "
                  + all.get(i)
                  + " and "
                  + all.get(j)
                  + " share one signing key; give each role its own");
        }
      }
    }
  }

  public RoleKey role(Role role) {
    return roles.get(role);
  }

  /**
   * Reads {@code playhead.security}.
   *
   * @throws IllegalStateException naming every role without a key and how to give it one
   */
  public static SecuritySettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.security");
    Optional<Path> devFile = nonBlank(c, "dev-keys-file").map(Path::of);
    Map<Role, SigningKey> devKeys = devFile.map(DevKeys::loadOrCreate).orElse(Map.of());

    Map<Role, RoleKey> roles = new EnumMap<>(Role.class);
    List<String> problems = new ArrayList<>();
    for (Role role : Role.values()) {
      Config r = c.getConfig(role.configName());
      String path = "playhead.security." + role.configName() + ".signing-key";
      Optional<String> text = nonBlank(r, "signing-key");
      List<SigningKey> keys = null;
      if (text.isPresent()) {
        try {
          keys = SigningKey.parseAll(text.get());
        } catch (IllegalArgumentException e) {
          problems.add(path + " (" + role.signingKeyVariable() + ") " + e.getMessage());
        }
      } else if (devKeys.containsKey(role)) {
        keys = List.of(devKeys.get(role));
      } else {
        problems.add("no signing key for role " + role + ": set " + role.signingKeyVariable());
      }
      if (keys != null) {
        String active = nonBlank(r, "signing-key-id").orElse(keys.get(0).id());
        if (keys.stream().noneMatch(k -> k.id().equals(active))) {
          problems.add(
              "playhead.security."
                  + role.configName()
                  + ".signing-key-id ("
                  + role.signingKeyVariable()
                  + "_ID) names the kid "
                  + active
                  + ", which none of the role's keys has");
        } else {
          roles.put(
              role,
              new RoleKey(
                  r.getString("audience"), keys, active, r.getDuration("max-token-lifetime")));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Playhead cannot start without valid token signing keys: "
              + String.join("; ", problems)
              + ". A key is an oct JWK {\"kty\":\"oct\",\"k\":\"...\"} or base64 of at least "
              + SigningKey.MIN_BYTES
              + " random bytes (e.g. `openssl rand -base64 32`), one per role. For local"
              + " development only, set PLAYHEAD_DEV_KEYS_FILE=.playhead/dev-keys.json"
              + " (./playhead dev does) to generate and use dev keys.");
    }
    return new SecuritySettings(c.getString("issuer"), c.getDuration("clock-skew"), roles, devFile);
  }

  private static Optional<String> nonBlank(Config c, String path) {
    return c.hasPath(path) && !c.getString(path).isBlank()
        ? Optional.of(c.getString(path))
        : Optional.empty();
  }
}
