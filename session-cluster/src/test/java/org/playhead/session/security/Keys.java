package org.playhead.session.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Fresh random settings per test: no key is shared between tests or written anywhere. */
public final class Keys {
  private Keys() {}

  static final SecureRandom RANDOM = new SecureRandom();

  /** A fresh random oct JWK with the given kid. */
  static final java.util.function.Function<String, String> RANDOM_JWK =
      kid -> SigningKey.generate(RANDOM).toJwkJson(kid);

  public static SecuritySettings settings() {
    Map<Role, SecuritySettings.RoleKey> roles = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      roles.put(
          role,
          new SecuritySettings.RoleKey(
              "playhead-" + role.configName(), SigningKey.generate(RANDOM)));
    }
    return new SecuritySettings("playhead", Duration.ofSeconds(30), roles, Optional.empty());
  }
}
