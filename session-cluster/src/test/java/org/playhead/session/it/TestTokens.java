package org.playhead.session.it;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.playhead.session.security.Principal;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenMinter;
import org.playhead.testkit.NodeProcess;

/**
 * Tokens for integration tests, signed with generated dev keys in {@code target/} that the test's
 * node processes also use ({@link NodeProcess#DEV_KEYS}). Nothing here touches real keys.
 */
public final class TestTokens {
  static final Path KEYS = NodeProcess.DEV_KEYS;
  private static final TestTokens INSTANCE = new TestTokens();

  private final TokenMinter minter;

  /** Mints as if two hours ago: its one-minute tokens are long expired now. */
  private final TokenMinter pastMinter;

  private TestTokens() {
    SecuritySettings settings =
        SecuritySettings.fromConfig(
            ConfigFactory.parseMap(
                    java.util.Map.of("playhead.security.dev-keys-file", KEYS.toString()))
                .withFallback(ConfigFactory.load()));
    this.minter = new TokenMinter(settings, Clock.systemUTC());
    this.pastMinter =
        new TokenMinter(settings, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
  }

  public static TestTokens get() {
    return INSTANCE;
  }

  /** The system property that points a node at the same dev keys. */
  public static String nodeSetting() {
    return "-Dplayhead.security.dev-keys-file=" + KEYS;
  }

  public String player(String accountId, String profileId, String deviceId) {
    return minter.mint(
        new Principal.Player(accountId, profileId, deviceId, "viewer-of-" + accountId),
        Duration.ofHours(1));
  }

  public String expiredPlayer(String accountId, String profileId, String deviceId) {
    return pastMinter.mint(
        new Principal.Player(accountId, profileId, deviceId, "viewer-of-" + accountId),
        Duration.ofMinutes(1));
  }

  public String care(String agentId) {
    return minter.mint(new Principal.CareAgent(agentId), Duration.ofHours(1));
  }

  public String sre(String operatorId) {
    return minter.mint(new Principal.Sre(operatorId), Duration.ofHours(1));
  }

  /** The only role that receives raw content keys. */
  public String packager(String packagerId) {
    return minter.mint(new Principal.Packager(packagerId), Duration.ofHours(1));
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }
}
