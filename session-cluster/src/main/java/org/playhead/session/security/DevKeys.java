package org.playhead.session.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Signing keys for local development only: one random key per role, generated once into a JWK set
 * file ({@code .playhead/dev-keys.json}, which git ignores) and read back by the node and by the
 * token command, so that {@code ./playhead dev} and {@code ./playhead token} agree without anyone
 * handling a secret. A node reads this file only when {@code PLAYHEAD_DEV_KEYS_FILE} names it.
 */
public final class DevKeys {
  private DevKeys() {}

  /** The conventional location, relative to the repository root. */
  public static final Path DEFAULT_FILE = Path.of(".playhead", "dev-keys.json");

  /** Reads the keys from {@code file}, creating it with fresh keys first if it does not exist. */
  public static Map<Role, SigningKey> loadOrCreate(Path file) {
    if (!Files.exists(file)) {
      create(file);
    }
    return load(file);
  }

  static Map<Role, SigningKey> load(Path file) {
    JWKSet set;
    try {
      set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the dev keys file " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "The dev keys file " + file + " is not a JWK set; delete it to get new keys");
    }
    Map<Role, SigningKey> keys = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      JWK jwk = set.getKeyByKeyId(role.configName());
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

  /**
   * Writes fresh keys to a private temporary file, then links it into place: the link fails if
   * another process (a node and the token command started together) got there first, and then its
   * keys win.
   */
  private static void create(Path file) {
    SecureRandom random = new SecureRandom();
    String json =
        Stream.of(Role.values())
            .map(role -> SigningKey.generate(random).toJwkJson(role.configName()))
            .collect(Collectors.joining(",\n    ", "{\n  \"keys\": [\n    ", "\n  ]\n}\n"));
    Path dir = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = createPrivateFile(dir);
      Files.writeString(temp, json, StandardCharsets.UTF_8);
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException e) {
      // Another process created it first: use its keys.
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the dev keys file " + file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A stray temp file in .playhead is harmless.
        }
      }
    }
  }

  private static Path createPrivateFile(Path dir) throws IOException {
    try {
      return Files.createTempFile(
          dir,
          "dev-keys",
          ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createTempFile(dir, "dev-keys", ".tmp");
    }
  }
}
