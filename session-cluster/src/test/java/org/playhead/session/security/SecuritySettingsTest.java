package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySettingsTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static String base64Key() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String base64UrlKey() {
    byte[] bytes = new byte[48];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The shipped security.conf with the given overrides, as the node would read it. */
  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseResources("security.conf"))
        .resolve();
  }

  /** Keys for player, care and SRE as given, and a fresh one for the packager. */
  private static String keys(String player, String care, String sre) {
    return "playhead.security { player.signing-key = \"\"\""
        + player
        + "\"\"\", care.signing-key = \"\"\""
        + care
        + "\"\"\", sre.signing-key = \"\"\""
        + sre
        + "\"\"\", packager.signing-key = \"\"\""
        + base64Key()
        + "\"\"\" }";
  }

  @Test
  void keysAreReadAsBase64Base64UrlOrJwk() {
    String jwk = SigningKey.generate(RANDOM).toJwkJson("k1");
    SecuritySettings settings =
        SecuritySettings.fromConfig(config(keys(base64Key(), base64UrlKey(), jwk)));

    assertEquals("playhead", settings.issuer());
    assertEquals(Duration.ofSeconds(30), settings.clockSkew());
    assertEquals("playhead-player", settings.role(Role.PLAYER).audience());
    assertEquals("playhead-care", settings.role(Role.CARE).audience());
    assertEquals("playhead-sre", settings.role(Role.SRE).audience());
    assertEquals("playhead-packager", settings.role(Role.PACKAGER).audience());
    assertTrue(settings.devKeysFile().isEmpty());
    // The keys work: a token minted with them verifies.
    String token =
        new TokenMinter(settings, Clock.systemUTC())
            .mint(new Principal.Sre("oncall-1"), Duration.ofMinutes(1));
    assertInstanceOf(
        Verification.Verified.class,
        new TokenVerifier(settings, Clock.systemUTC()).verify(token, Role.SRE));
  }

  @Test
  void aRoleMayHoldAJwkSetWhileItsKeyRotates() {
    String p2 = SigningKey.generate(RANDOM).toJwkJson("p2");
    String p1 = SigningKey.generate(RANDOM).toJwkJson("p1");
    String set = "{\"keys\": [" + p2 + ", " + p1 + "]}";
    SecuritySettings settings = SecuritySettings.fromConfig(config(keys(set, base64Key(), jwk())));
    SecuritySettings.RoleKey player = settings.role(Role.PLAYER);
    assertEquals(List.of("p2", "p1"), player.keys().stream().map(SigningKey::id).toList());
    assertEquals("p2", player.key().id());

    SecuritySettings olderActive =
        SecuritySettings.fromConfig(
            config(
                keys(set, base64Key(), jwk()) + "\nplayhead.security.player.signing-key-id = p1"));
    assertEquals("p1", olderActive.role(Role.PLAYER).key().id());

    var unknown =
        assertThrows(
            IllegalStateException.class,
            () ->
                SecuritySettings.fromConfig(
                    config(
                        keys(set, base64Key(), jwk())
                            + "\nplayhead.security.player.signing-key-id = p9")));
    assertTrue(unknown.getMessage().contains("PLAYHEAD_PLAYER_SIGNING_KEY_ID"));
    var twice =
        assertThrows(
            IllegalStateException.class,
            () ->
                SecuritySettings.fromConfig(
                    config(keys("{\"keys\": [" + p1 + ", " + p1 + "]}", base64Key(), jwk()))));
    assertTrue(twice.getMessage().contains("kid p1 twice"), twice.getMessage());
  }

  @Test
  void aKeyWithoutKidGetsOneFromItsThumbprint() {
    String secret = base64Key();
    assertEquals(SigningKey.parse(secret).id(), SigningKey.parse(secret).id());
    assertEquals(16, SigningKey.parse(secret).id().length());
    assertFalse(SigningKey.parse(secret).id().equals(SigningKey.parse(base64Key()).id()));
  }

  @Test
  void eachRoleHasALongestTokenLifetime() {
    SecuritySettings settings =
        SecuritySettings.fromConfig(
            config(
                keys(base64Key(), base64Key(), base64Key())
                    + "\nplayhead.security.care.max-token-lifetime = 2h"));
    assertEquals(Duration.ofHours(12), settings.role(Role.PLAYER).maxTokenLifetime());
    assertEquals(Duration.ofHours(2), settings.role(Role.CARE).maxTokenLifetime());
    assertEquals(Duration.ofHours(8), settings.role(Role.SRE).maxTokenLifetime());
  }

  private static String jwk() {
    return SigningKey.generate(RANDOM).toJwkJson("k");
  }

  @Test
  void missingKeysStopTheNodeWithAClearMessage() {
    var failure =
        assertThrows(IllegalStateException.class, () -> SecuritySettings.fromConfig(config("")));
    String message = failure.getMessage();
    assertTrue(message.contains("PLAYHEAD_PLAYER_SIGNING_KEY"), message);
    assertTrue(message.contains("PLAYHEAD_CARE_SIGNING_KEY"), message);
    assertTrue(message.contains("PLAYHEAD_SRE_SIGNING_KEY"), message);
    assertTrue(message.contains("PLAYHEAD_PACKAGER_SIGNING_KEY"), message);
    assertTrue(message.contains("PLAYHEAD_DEV_KEYS_FILE"), message);
  }

  @Test
  void theShippedConfigHasNoKeys() {
    assumeTrue(System.getenv("PLAYHEAD_PLAYER_SIGNING_KEY") == null);
    assumeTrue(System.getenv("PLAYHEAD_DEV_KEYS_FILE") == null);
    assertThrows(
        IllegalStateException.class, () -> SecuritySettings.fromConfig(ConfigFactory.load()));
  }

  @Test
  void oneMissingKeyIsNamed() {
    var failure =
        assertThrows(
            IllegalStateException.class,
            () ->
                SecuritySettings.fromConfig(
                    config(keys(base64Key(), base64Key(), "")))); // blank counts as unset
    assertTrue(failure.getMessage().contains("PLAYHEAD_SRE_SIGNING_KEY"));
    assertFalse(failure.getMessage().contains("PLAYHEAD_PLAYER_SIGNING_KEY"));
  }

  @Test
  void badKeysAreRefusedWithoutQuotingThem() {
    byte[] shortKey = new byte[16];
    RANDOM.nextBytes(shortKey);
    String tooShort = Base64.getEncoder().encodeToString(shortKey);
    String notBase64 = "this is not a key!!";
    String ecJwk;
    try {
      ecJwk = new ECKeyGenerator(Curve.P_256).generate().toJSONString();
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    var failure =
        assertThrows(
            IllegalStateException.class,
            () -> SecuritySettings.fromConfig(config(keys(tooShort, notBase64, ecJwk))));
    String message = failure.getMessage();
    assertTrue(message.contains("16 bytes"), message);
    assertTrue(message.contains("neither a JWK nor valid base64"), message);
    assertTrue(message.contains("oct (HMAC) key is required"), message);
    assertFalse(message.contains(tooShort), message);
    assertFalse(message.contains(notBase64), message);
    assertFalse(message.contains(ecJwk.substring(10, 40)), message);
  }

  @Test
  void twoRolesMayNotShareAKey() {
    String shared = base64Key();
    var failure =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecuritySettings.fromConfig(config(keys(shared, shared, base64Key()))));
    assertTrue(failure.getMessage().contains("share one signing key"));
  }

  @Test
  void clockSkewIsBounded() {
    assertEquals(
        Duration.ofSeconds(5),
        SecuritySettings.fromConfig(
                config(
                    keys(base64Key(), base64Key(), base64Key())
                        + "\nplayhead.security.clock-skew = 5s"))
            .clockSkew());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SecuritySettings.fromConfig(
                config(
                    keys(base64Key(), base64Key(), base64Key())
                        + "\nplayhead.security.clock-skew = 1h")));
  }

  @Test
  void keysNeverAppearInToString() {
    String secret = base64Key();
    SigningKey key = SigningKey.parse(secret);
    assertEquals("SigningKey[HS256, redacted]", key.toString());
    SecuritySettings settings =
        SecuritySettings.fromConfig(config(keys(secret, base64Key(), base64Key())));
    assertFalse(settings.toString().contains(secret));
    assertFalse(settings.toString().contains(secret.substring(0, 20)));
  }

  @Test
  void devKeysAreGeneratedOnceAndReused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state/dev-keys.json");
    Config config = config("playhead.security.dev-keys-file = \"" + file + "\"");

    SecuritySettings first = SecuritySettings.fromConfig(config);
    SecuritySettings second = SecuritySettings.fromConfig(config);

    assertTrue(Files.exists(file));
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    assertEquals(first.devKeysFile().orElseThrow(), file);
    for (Role role : Role.values()) {
      assertTrue(first.role(role).key().sameSecretAs(second.role(role).key()), role.name());
    }
    // A token minted by one reader of the file verifies with the other.
    String token =
        new TokenMinter(first, Clock.systemUTC())
            .mint(new Principal.CareAgent("agent-1"), Duration.ofMinutes(1));
    assertInstanceOf(
        Verification.Verified.class,
        new TokenVerifier(second, Clock.systemUTC()).verify(token, Role.CARE));
    try (var leftovers = Files.list(file.getParent())) {
      assertEquals(1, leftovers.count(), "no temporary files left behind");
    }
  }

  @Test
  void anEnvironmentKeyWinsOverTheDevKey(@TempDir Path dir) {
    Path file = dir.resolve("dev-keys.json");
    String playerKey = base64Key();
    SecuritySettings settings =
        SecuritySettings.fromConfig(
            config(
                "playhead.security { dev-keys-file = \""
                    + file
                    + "\", player.signing-key = \""
                    + playerKey
                    + "\" }"));
    assertTrue(settings.role(Role.PLAYER).key().sameSecretAs(SigningKey.parse(playerKey)));
    assertFalse(settings.role(Role.CARE).key().sameSecretAs(SigningKey.parse(playerKey)));
  }

  @Test
  void aCorruptDevKeysFileIsReported(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dev-keys.json");
    Files.writeString(file, "not json");
    var failure =
        assertThrows(
            IllegalStateException.class,
            () ->
                SecuritySettings.fromConfig(
                    config("playhead.security.dev-keys-file = \"" + file + "\"")));
    assertTrue(failure.getMessage().contains("delete it"), failure.getMessage());
  }
}
