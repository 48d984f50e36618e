package org.playhead.devkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dev keys file of bearer tokens ({@code .playhead/dev-keys.json}): one HS256 octet key per
 * role, its key id the role's config name ({@code player}, {@code care}, {@code sre}, {@code
 * packager}). The node reads it when {@code PLAYHEAD_DEV_KEYS_FILE} names it; tools outside the
 * node (the token command, the chaos kit, test kits) sign with the same file.
 */
public final class TokenKeys {
  private TokenKeys() {}

  /** The roles, by their config names: each has its own key. */
  public static final List<String> ROLES = List.of("player", "care", "sre", "packager");

  /** HS256 needs at least as many key bits as the hash has (RFC 7518, section 3.2). */
  public static final int MIN_BYTES = 32;

  /** The conventional location, relative to the repository root. */
  public static final Path DEFAULT_FILE = Path.of(".playhead", "dev-keys.json");

  private static final String WHAT = "dev keys";

  /** Each role's key from {@code file}, creating the file with fresh keys if it does not exist. */
  public static Map<String, OctetSequenceKey> loadOrCreate(Path file) {
    JWKSet read = DevKeyFile.loadOrCreate(file, WHAT, () -> new JWKSet(fresh(ROLES)));
    List<String> missing = ROLES.stream().filter(role -> read.getKeyByKeyId(role) == null).toList();
    // A file made before a role existed (the packager's, say) gets that role's key added.
    JWKSet set = missing.isEmpty() ? read : DevKeyFile.extend(file, WHAT, fresh(missing));
    Map<String, OctetSequenceKey> keys = new LinkedHashMap<>();
    for (String role : ROLES) {
      JWK jwk = set.getKeyByKeyId(role);
      if (!(jwk instanceof OctetSequenceKey oct)) {
        throw new IllegalStateException(
            "The " + WHAT + " file " + file + " has no oct key \"" + role + "\"");
      }
      if (oct.toByteArray().length < MIN_BYTES) {
        throw new IllegalStateException(
            "The " + WHAT + " key \"" + role + "\" in " + file + " is shorter than " + MIN_BYTES);
      }
      keys.put(role, oct);
    }
    return keys;
  }

  /** Fresh keys: one random 256-bit key per role in {@code roles}. */
  static List<JWK> fresh(List<String> roles) {
    List<JWK> keys = new ArrayList<>();
    try {
      for (String role : roles) {
        keys.add(
            new OctetSequenceKeyGenerator(MIN_BYTES * 8)
                .keyID(role)
                .algorithm(JWSAlgorithm.HS256)
                .keyUse(KeyUse.SIGNATURE)
                .generate());
      }
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate dev keys", e);
    }
    return keys;
  }
}
