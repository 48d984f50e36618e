package org.playhead.chaos.load;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.playhead.chaos.cluster.NodeBuild;
import org.playhead.devkit.TokenIssuer;
import org.playhead.devkit.TokenSettings;

/**
 * Mints bearer tokens as the players' identity service would, with the JWT library and the keys the
 * nodes use: the dev-keys file, unless the role's key comes from the environment (as it does for
 * the nodes, from the same variables); issuer and audiences from the node's configuration.
 */
public final class PlayerTokens {
  private final TokenIssuer issuer;

  public PlayerTokens(Path devKeysFile) {
    this.issuer =
        new TokenIssuer(
            TokenSettings.of(NodeBuild.config(), devKeysFile.toAbsolutePath()), Clock.systemUTC());
  }

  /** The {@code Authorization} header value of a player's token. */
  public String player(SessionOwner owner, Duration ttl) {
    return "Bearer "
        + issuer.player(
            owner.accountId(),
            owner.profileId(),
            owner.deviceId(),
            "sim-viewer-" + owner.accountId() + "-" + owner.profileId(),
            ttl);
  }

  /** The {@code Authorization} header value of a care agent's token. */
  public String care(String agentId, Duration ttl) {
    return "Bearer " + issuer.care(agentId, ttl);
  }

  /** The {@code Authorization} header value of an SRE's token. */
  public String sre(String operatorId, Duration ttl) {
    return "Bearer " + issuer.sre(operatorId, ttl);
  }
}
