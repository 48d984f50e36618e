package org.playhead.devkit;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A file of generated secrets for local development only, as a JWK set ({@code
 * .playhead/dev-keys.json} for tokens, {@code .playhead/dev-keys.license.json} for licenses; git
 * ignores both). It is created once, by whichever process needs it first: fresh keys go to a
 * private temporary file that is then linked into place, so when two processes start together (a
 * node and the token command) the link of the second fails and both use the first one's keys.
 */
public final class DevKeyFile {
  private DevKeyFile() {}

  /**
   * Reads the set in {@code file}, creating it from {@code fresh} first if it does not exist.
   *
   * @param what what the file holds, for error messages ("dev keys", "dev license keys")
   */
  public static JWKSet loadOrCreate(Path file, String what, Supplier<JWKSet> fresh) {
    if (!Files.exists(file)) {
      create(file, what, fresh.get());
    }
    return load(file, what);
  }

  /** Reads the set in {@code file}. */
  public static JWKSet load(Path file, String what) {
    try {
      return JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the " + what + " file " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "The " + what + " file " + file + " is not a JWK set; delete it to get new keys");
    }
  }

  /**
   * Rewrites {@code file} as its keys plus {@code added} (keys of roles a newer build has and the
   * file predates), so a developer's existing file keeps its keys instead of failing the start. The
   * new file replaces the old one atomically; two processes adding at the same instant could each
   * write their own new keys, which only a restart of the loser would notice: acceptable for a
   * development file, never used in production.
   */
  public static JWKSet extend(Path file, String what, List<JWK> added) {
    JWKSet current = load(file, what);
    List<JWK> keys = new ArrayList<>(current.getKeys());
    keys.addAll(added);
    Path dir = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      temp = createPrivateFile(dir);
      Files.writeString(temp, new JWKSet(keys).toString(false), StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot extend the " + what + " file " + file, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A stray temp file in .playhead is harmless.
        }
      }
    }
    return load(file, what);
  }

  private static void create(Path file, String what, JWKSet keys) {
    // toString(false): the private parts too; this file is the secret's only home.
    String json = keys.toString(false);
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
      throw new UncheckedIOException("Cannot create the " + what + " file " + file, e);
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
