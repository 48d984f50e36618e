package org.playhead.chaos.cluster;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.playhead.session.security.Principal;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenMinter;

/**
 * Whether a node serves sessions end to end: a lookup of an unknown session, answered 404 by a
 * session entity, has gone through the token check, sharding (a coordinator, a shard home) and the
 * journal. Management's /ready says less: Up in the cluster, API bound.
 */
final class SessionProbe {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String token;

  SessionProbe(Path devKeysFile) {
    TokenMinter minter =
        new TokenMinter(
            SecuritySettings.fromConfig(
                ConfigFactory.parseMap(
                        Map.of(
                            "playhead.security.dev-keys-file",
                            devKeysFile.toAbsolutePath().toString()))
                    .withFallback(ConfigFactory.load())),
            Clock.systemUTC());
    this.token =
        minter.mint(
            new Principal.Player("chaos-probe", "chaos-probe", "chaos-probe", "chaos-kit"),
            Duration.ofHours(12));
  }

  boolean serves(NodeEndpoint node) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(node.apiUrl() + "/v1/sessions/chaos-probe-" + UUID.randomUUID()))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 404 && response.body().contains("session-not-found");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void awaitServing(NodeEndpoint node, Duration timeout)
      throws InterruptedException, TimeoutException {
    Instant deadline = Instant.now().plus(timeout);
    while (!serves(node)) {
      if (Instant.now().isAfter(deadline)) {
        throw new TimeoutException(node.name() + " does not serve sessions within " + timeout);
      }
      Thread.sleep(250);
    }
  }
}
