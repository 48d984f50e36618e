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
import java.nio.file.Path;
import java.util.List;
import org.playhead.devkit.DevKeyFile;
import org.playhead.license.vault.MasterKey;

/**
 * License secrets for local development only: generated once into a JWK set file that git ignores
 * ({@code .playhead/dev-keys.license.json}), used for every secret whose variable is unset. The
 * file is created by devkit's {@link DevKeyFile}, so two processes starting together end up with
 * the same keys.
 */
public final class DevLicenseKeys {
  private DevLicenseKeys() {}

  static final String TOKEN_KID = "license-token";
  static final String SIGNING_KID = "license-signing-dev";
  static final String MASTER_KID = "master-dev";
  private static final String WHAT = "dev license keys";

  /** The dev secrets. */
  public record Keys(byte[] tokenKey, ECKey signingKey, MasterKey masterKey) {}

  public static Keys loadOrCreate(Path file) {
    return keys(file, DevKeyFile.loadOrCreate(file, WHAT, DevLicenseKeys::fresh));
  }

  private static Keys keys(Path file, JWKSet set) {
    JWK token = set.getKeyByKeyId(TOKEN_KID);
    JWK signing = set.getKeyByKeyId(SIGNING_KID);
    JWK master = set.getKeyByKeyId(MASTER_KID);
    if (!(token instanceof OctetSequenceKey t)
        || !(signing instanceof ECKey s)
        || !(master instanceof OctetSequenceKey m)) {
      throw new IllegalStateException(
          "The " + WHAT + " file " + file + " lacks a key; delete it to get new keys");
    }
    return new Keys(t.toByteArray(), s, new MasterKey(MASTER_KID, m.toByteArray()));
  }

  private static JWKSet fresh() {
    try {
      return new JWKSet(
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
              new OctetSequenceKeyGenerator(256).keyID(MASTER_KID).generate()));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate dev license keys", e);
    }
  }
}
