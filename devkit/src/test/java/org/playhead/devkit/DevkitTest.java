package org.playhead.devkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jwt.SignedJWT;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevkitTest {
  @TempDir Path dir;

  private static final Config NODE =
      ConfigFactory.parseString(
          """
          playhead.security {
            issuer = "playhead"
            player { audience = "playhead-player" }
            care { audience = "playhead-care" }
            sre { audience = "playhead-sre" }
            packager { audience = "playhead-packager" }
          }
          """);

  @Test
  void aKeysFileIsCreatedOnceAndReadBackTheSame() throws Exception {
    Path file = dir.resolve("sub").resolve("dev-keys.json");
    Map<String, OctetSequenceKey> first = TokenKeys.loadOrCreate(file);
    Map<String, OctetSequenceKey> again = TokenKeys.loadOrCreate(file);
    assertEquals(TokenKeys.ROLES, List.copyOf(first.keySet()));
    for (String role : TokenKeys.ROLES) {
      assertArrayEquals(first.get(role).toByteArray(), again.get(role).toByteArray());
      assertEquals(32, first.get(role).toByteArray().length);
    }
    assertFalse(
        java.util.Arrays.equals(first.get("player").toByteArray(), first.get("care").toByteArray()),
        "every role has its own key");
    try (var left = Files.list(file.getParent())) {
      assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void aFileFromBeforeARoleExistedKeepsItsKeysAndGainsTheNewRolesKey() throws Exception {
    Path file = dir.resolve("old-dev-keys.json");
    Files.writeString(
        file, new JWKSet(TokenKeys.fresh(List.of("player", "care", "sre"))).toString(false));
    byte[] player =
        ((OctetSequenceKey) JWKSet.load(file.toFile()).getKeyByKeyId("player")).toByteArray();
    Map<String, OctetSequenceKey> keys = TokenKeys.loadOrCreate(file);
    assertEquals(TokenKeys.ROLES, List.copyOf(keys.keySet()));
    assertArrayEquals(player, keys.get("player").toByteArray(), "the existing keys stay");
    assertArrayEquals(
        keys.get("packager").toByteArray(),
        TokenKeys.loadOrCreate(file).get("packager").toByteArray(),
        "the added key was written, not made up at each read");
    try (var left = Files.list(file.getParent())) {
      assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void aFileThatIsNotAKeySetSaysSo() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "not json");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TokenKeys.loadOrCreate(file));
    assertTrue(e.getMessage().contains("not a JWK set"), e.getMessage());
  }

  @Test
  void tokensCarryTheNodesClaimsAndVerifyWithTheRoleKey() throws Exception {
    Path file = dir.resolve("dev-keys.json");
    Instant now = Instant.parse("2026-01-01T10:00:00Z");
    TokenIssuer issuer =
        new TokenIssuer(TokenSettings.of(NODE, file), Clock.fixed(now, ZoneOffset.UTC));
    SignedJWT jwt = SignedJWT.parse(issuer.player("a", "p", "d", "viewer", Duration.ofMinutes(10)));
    OctetSequenceKey playerKey = TokenKeys.loadOrCreate(file).get("player");
    assertTrue(jwt.verify(new MACVerifier(playerKey)));
    assertFalse(jwt.verify(new MACVerifier(TokenKeys.loadOrCreate(file).get("care"))));
    assertEquals("player", jwt.getHeader().getKeyID());
    var claims = jwt.getJWTClaimsSet();
    assertEquals("playhead", claims.getIssuer());
    assertEquals(List.of("playhead-player"), claims.getAudience());
    assertEquals("viewer", claims.getSubject());
    assertEquals("a", claims.getStringClaim(TokenIssuer.ACCOUNT_CLAIM));
    assertEquals("p", claims.getStringClaim(TokenIssuer.PROFILE_CLAIM));
    assertEquals("d", claims.getStringClaim(TokenIssuer.DEVICE_CLAIM));
    assertEquals(now.plusSeconds(600), claims.getExpirationTime().toInstant());
    assertTrue(claims.getJWTID() != null && !claims.getJWTID().isBlank());
    assertThrows(IllegalArgumentException.class, () -> issuer.care("x", Duration.ZERO));
  }

  @Test
  void aRoleKeyFromConfigWinsOverTheDevFile() {
    byte[] secret = new byte[32];
    secret[0] = 7;
    Config withKey =
        ConfigFactory.parseMap(
                Map.of(
                    "playhead.security.sre.signing-key",
                    Base64.getEncoder().encodeToString(secret)))
            .withFallback(NODE);
    TokenSettings settings = TokenSettings.of(withKey, dir.resolve("dev-keys.json"));
    assertArrayEquals(secret, settings.role("sre").key().toByteArray());
    assertEquals("playhead-sre", settings.role("sre").audience());
    assertThrows(
        IllegalArgumentException.class, () -> TokenSettings.parse("care", "{\"kty\":\"EC\"}"));
    assertThrows(IllegalArgumentException.class, () -> TokenSettings.parse("care", "not base64!"));
  }
}
