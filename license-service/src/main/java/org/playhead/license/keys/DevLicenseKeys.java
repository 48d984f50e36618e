package org.playhead.license.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import org.playhead.license.vault.MasterKey;

/**
 * License secrets for local development only: generated once into a JWK set file that git ignores
 * ({@code .playhead/dev-keys.license.json}), used for every secret whose variable is unset. The
 * file is created by linking a private temporary file into place, so two processes starting
 * together end up with the same keys.
 */
public final class DevLicenseKeys {
  private DevLicenseKeys() {}

  static final String TOKEN_KID = "license-token";
  static final String SIGNING_KID = "license-signing-dev";
  static final String MASTER_KID = "master-dev";

  /** The dev secrets. */
  public record Keys(byte[] tokenKey, ECKey signingKey, MasterKey masterKey) {}

  public static Keys loadOrCreate(Path file) {
    if (!Files.exists(file)) {
      create(file);
    }
    return load(file);
  }

  static Keys load(Path file) {
    JWKSet set;
    try {
      set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the dev license keys file " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "The dev license keys file " + file + " is not a JWK set; delete it to get new keys");
    }
    JWK token = set.getKeyByKeyId(TOKEN_KID);
    JWK signing = set.getKeyByKeyId(SIGNING_KID);
    JWK master = set.getKeyByKeyId(MASTER_KID);
    if (!(token instanceof OctetSequenceKey t)
        || !(signing instanceof ECKey s)
        || !(master instanceof OctetSequenceKey m)) {
      throw new IllegalStateException(
          "The dev license keys file " + file + " lacks a key; delete it to get new keys");
    }
    return new Keys(t.toByteArray(), s, new MasterKey(MASTER_KID, m.toByteArray()));
  }

  private static void create(Path file) {
    String json;
    try {
      List<JWK> keys =
          List.of(
              new OctetSequenceKeyGenerator(256)
                  .keyID(TOKEN_KID)
                  .algorithm(JWSAlgorithm.HS256)
                  .generate(),
              new ECKeyGenerator(Curve.P_256)
                  .keyID(SIGNING_KID)
                  .algorithm(JWSAlgorithm.ES256)
                  .keyUse(KeyUse.SIGNATURE)
                  .generate(),
              new OctetSequenceKeyGenerator(256).keyID(MASTER_KID).generate());
      json = new JWKSet(keys).toString(false);
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate dev license keys", e);
    }
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
      throw new UncheckedIOException("Cannot create the dev license keys file " + file, e);
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
          "dev-license-keys",
          ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createTempFile(dir, "dev-license-keys", ".tmp");
    }
  }
}
