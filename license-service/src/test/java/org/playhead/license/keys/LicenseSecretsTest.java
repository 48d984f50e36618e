package org.playhead.license.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.playhead.license.TestKeys;

class LicenseSecretsTest {
  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static String oct(String kid, byte[] key) {
    return "{\"kty\":\"oct\",\"kid\":\""
        + kid
        + "\",\"k\":\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(key)
        + "\"}";
  }

  static Config config(Map<String, String> settings) {
    return ConfigFactory.parseMap(settings)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @Test
  void secretsComeFromTheirSettingsAndTheActiveMasterKeyIsChosen() {
    byte[] m1 = TestKeys.random(32);
    byte[] m2 = TestKeys.random(32);
    Config c =
        config(
            Map.of(
                "playhead.license.token.signing-key",
                b64(TestKeys.random(32)),
                "playhead.license.signing-key",
                TestKeys.signingKey("sig-9").toJSONString(),
                "playhead.license.master-keys",
                "{\"keys\":[" + oct("m1", m1) + "," + oct("m2", m2) + "]}",
                "playhead.license.master-key-id",
                "m2"));
    LicenseSecrets secrets = LicenseSecrets.fromConfig(c);
    assertEquals("m2", secrets.masterKeys().activeId());
    assertTrue(secrets.masterKeys().knows("m1"));
    assertEquals("sig-9", secrets.signingKey().getKeyID());
    assertTrue(secrets.devKeysFile().isEmpty());
    assertFalse(secrets.toString().contains(b64(m1)));
  }

  @Test
  void missingOrBadSecretsStopTheNodeWithoutQuotingThem() {
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class, () -> LicenseSecrets.fromConfig(config(Map.of())));
    assertTrue(missing.getMessage().contains("PLAYHEAD_LICENSE_TOKEN_KEY"));
    assertTrue(missing.getMessage().contains("PLAYHEAD_LICENSE_SIGNING_KEY"));
    assertTrue(missing.getMessage().contains("PLAYHEAD_LICENSE_MASTER_KEYS"));
    String shortKey = b64(TestKeys.random(16));
    IllegalStateException bad =
        assertThrows(
            IllegalStateException.class,
            () ->
                LicenseSecrets.fromConfig(
                    config(
                        Map.of(
                            "playhead.license.token.signing-key",
                            shortKey,
                            "playhead.license.signing-key",
                            "{\"kty\":\"oct\",\"k\":\"AAAA\"}",
                            "playhead.license.master-keys",
                            "{\"keys\":[" + oct("m1", TestKeys.random(32)) + "]}",
                            "playhead.license.master-key-id",
                            "m7"))));
    assertFalse(bad.getMessage().contains(shortKey));
    assertTrue(bad.getMessage().contains("m7"), bad.getMessage());
    assertTrue(bad.getMessage().contains("EC JWK"), bad.getMessage());
  }

  @Test
  void devKeysAreGeneratedOnceNextToTheRoleKeysFile(@TempDir Path dir) throws Exception {
    Path roles = dir.resolve("dev-keys.json");
    Config c = config(Map.of("playhead.security.dev-keys-file", roles.toString()));
    LicenseSecrets first = LicenseSecrets.fromConfig(c);
    assertEquals(dir.resolve("dev-keys.license.json"), first.devKeysFile().orElseThrow());
    assertTrue(Files.exists(dir.resolve("dev-keys.license.json")));
    LicenseSecrets second = LicenseSecrets.fromConfig(c);
    assertArrayEquals(first.tokenKey(), second.tokenKey());
    assertEquals(first.signingKey(), second.signingKey());
    assertEquals(first.masterKeys().activeId(), second.masterKeys().activeId());
  }
}
