package org.playhead.chaos.load;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.playhead.session.security.Principal;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenMinter;

/**
 * Mints bearer tokens with the keys the nodes use: the dev-keys file, unless the role's key comes
 * from the environment (as it does for the nodes, from the same variables).
 */
public final class PlayerTokens {
  private final TokenMinter minter;

  public PlayerTokens(Path devKeysFile) {
    Config config =
        ConfigFactory.parseMap(
                Map.of("playhead.security.dev-keys-file", devKeysFile.toAbsolutePath().toString()))
            .withFallback(ConfigFactory.load());
    this.minter = new TokenMinter(SecuritySettings.fromConfig(config), Clock.systemUTC());
  }

  /** The {@code Authorization} header value of a player's token. */
  public String player(SessionOwner owner, Duration ttl) {
    return "Bearer "
        + minter.mint(
            new Principal.Player(
                owner.accountId(),
                owner.profileId(),
                owner.deviceId(),
                "sim-viewer-" + owner.accountId() + "-" + owner.profileId()),
            ttl);
  }

  /** The {@code Authorization} header value of a care agent's token. */
  public String care(String agentId, Duration ttl) {
    return "Bearer " + minter.mint(new Principal.CareAgent(agentId), ttl);
  }
}
