package org.playhead.session.security;

import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.playhead.devkit.TokenKeys;

/**
 * Signing keys for local development only: one random key per role, generated once into a JWK set
 * file ({@code .playhead/dev-keys.json}, which git ignores) and read back by the node and by the
 * token command, so that {@code ./playhead dev} and {@code ./playhead token} agree without anyone
 * handling a secret. A node reads this file only when {@code PLAYHEAD_DEV_KEYS_FILE} names it. The
 * file's format is devkit's {@link TokenKeys}, which tools outside the node sign with too.
 */
public final class DevKeys {
  private DevKeys() {}

  /** The conventional location, relative to the repository root. */
  public static final Path DEFAULT_FILE = TokenKeys.DEFAULT_FILE;

  /** Reads the keys from {@code file}, creating it with fresh keys first if it does not exist. */
  public static Map<Role, SigningKey> loadOrCreate(Path file) {
    Map<String, OctetSequenceKey> byName = TokenKeys.loadOrCreate(file);
    Map<Role, SigningKey> keys = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      OctetSequenceKey jwk = byName.get(role.configName());
      if (jwk == null) {
        throw new IllegalStateException(
            "The dev keys file "
                + file
                + " has no key \""
                + role.configName()
                + "\" (made before that role existed?); delete it to get new keys");
      }
      try {
        keys.put(role, SigningKey.parse(jwk.toJSONString()));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "The dev key \"" + role.configName() + "\" in " + file + " " + e.getMessage());
      }
    }
    return keys;
  }
}
