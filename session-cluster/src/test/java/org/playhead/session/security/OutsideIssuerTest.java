package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.playhead.devkit.TokenIssuer;
import org.playhead.devkit.TokenSettings;

/**
 * Tools outside the node (the chaos kit, test kits) issue tokens with devkit's {@link TokenIssuer}
 * from the node's configuration and the shared dev keys file: the node must accept them as its own,
 * whoever created the file.
 */
class OutsideIssuerTest {
  @TempDir Path dir;

  private Config nodeConfig(Path keys) {
    return ConfigFactory.parseMap(Map.of("playhead.security.dev-keys-file", keys.toString()))
        .withFallback(ConfigFactory.load());
  }

  @Test
  void theNodeAcceptsTokensOfAnIssuerThatCreatedTheKeysFile() {
    Path keys = dir.resolve("dev-keys.json");
    Config config = nodeConfig(keys);
    TokenIssuer outside = new TokenIssuer(TokenSettings.of(config, keys), Clock.systemUTC());
    // The issuer created the file; the node reads it.
    TokenVerifier node = new TokenVerifier(SecuritySettings.fromConfig(config), Clock.systemUTC());

    Verification player =
        node.verify(
            outside.player("acc-1", "prof-1", "dev-1", "viewer-1", Duration.ofMinutes(5)),
            Role.PLAYER);
    Principal.Player who =
        assertInstanceOf(
            Principal.Player.class,
            assertInstanceOf(Verification.Verified.class, player).principal());
    assertEquals(new Principal.Player("acc-1", "prof-1", "dev-1", "viewer-1"), who);
    assertInstanceOf(
        Verification.Verified.class,
        node.verify(outside.care("agent-1", Duration.ofMinutes(5)), Role.CARE));
    assertInstanceOf(
        Verification.Verified.class,
        node.verify(outside.sre("oncall-1", Duration.ofMinutes(5)), Role.SRE));
  }

  @Test
  void anIssuerReadsTheKeysFileTheNodeCreated() throws Exception {
    Path keys = dir.resolve("node-made.json");
    Config config = nodeConfig(keys);
    TokenVerifier node = new TokenVerifier(SecuritySettings.fromConfig(config), Clock.systemUTC());
    assertEquals(true, Files.exists(keys));
    TokenIssuer outside = new TokenIssuer(TokenSettings.of(config, keys), Clock.systemUTC());

    // A care token is not a player's: signed with the care key, for the care audience.
    Verification wrongRole =
        node.verify(outside.care("agent-1", Duration.ofMinutes(5)), Role.PLAYER);
    assertEquals(
        RejectionReason.WRONG_ROLE,
        assertInstanceOf(Verification.Rejected.class, wrongRole).reason());
  }
}
