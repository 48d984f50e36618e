package org.playhead.chaos.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.playhead.chaos.Await;
import org.playhead.chaos.load.PlayerTokens;
import org.playhead.chaos.load.SessionOwner;

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
    this.token =
        new PlayerTokens(devKeysFile)
            .player(
                new SessionOwner("chaos-probe", "chaos-probe", "chaos-probe"),
                Duration.ofHours(12));
  }

  boolean serves(NodeEndpoint node) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(node.apiUrl() + "/v1/sessions/chaos-probe-" + UUID.randomUUID()))
            .header("Authorization", token)
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
    Await.until(
        node.name() + " serves sessions", timeout, Duration.ofMillis(250), () -> serves(node));
  }
}
