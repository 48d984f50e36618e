package org.playhead.chaos.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.playhead.chaos.Await;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.devkit.TokenIssuer;
import org.playhead.testkit.NodeProcess;

/** Players for the kit's own ITs: start, heartbeat and read sessions over HTTP on any node. */
final class TestPlayers {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final TokenIssuer minter = NodeProcess.tokens();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, Long> sequence = new ConcurrentHashMap<>();

  /**
   * @param owner the answer's owner hint ({@code Playhead-Owner}), or empty
   */
  record Answer(int status, JsonNode body, String owner) {
    Answer(int status, JsonNode body) {
      this(status, body, "");
    }
  }

  String sre() {
    return minter.sre("it-operator", Duration.ofHours(1));
  }

  Answer start(NodeEndpoint node, String sessionId, String accountId) {
    String token =
        tokens.computeIfAbsent(
            sessionId,
            id -> minter.player(accountId, "p-" + id, "d-" + id, "viewer", Duration.ofHours(1)));
    return post(
        node,
        "/v1/sessions",
        """
        {"sessionId":"%s","titleId":"title-1","device":{"deviceType":"tv","drmSecurityLevel":3,"hdcp":"V2_2"}}
        """
            .formatted(sessionId),
        token,
        Duration.ofSeconds(15));
  }

  /** Starts, retrying the same request while the cluster says 503 (as the API asks players to). */
  Answer startRetrying(NodeEndpoint node, String sessionId, String accountId)
      throws InterruptedException {
    Answer answer = start(node, sessionId, accountId);
    for (int attempt = 0; attempt < 5 && answer.status() == 503; attempt++) {
      Await.elapse(Duration.ofMillis(500));
      answer = start(node, sessionId, accountId);
    }
    return answer;
  }

  /** A heartbeat with a short timeout, as a player would send it. */
  Answer heartbeat(NodeEndpoint node, String sessionId) {
    long sn = sequence.merge(sessionId, 1L, Long::sum);
    return post(
        node,
        "/v1/sessions/" + sessionId + "/heartbeats",
        "{\"sn\":%d,\"sta\":\"p\",\"pt\":%d}".formatted(sn, sn * 1000),
        tokens.get(sessionId),
        Duration.ofSeconds(3));
  }

  private Answer post(NodeEndpoint node, String path, String body, String token, Duration timeout) {
    return send(
        HttpRequest.newBuilder(URI.create(node.apiUrl() + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json =
          response.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
      return new Answer(
          response.statusCode(), json, response.headers().firstValue("Playhead-Owner").orElse(""));
    } catch (IOException e) {
      return new Answer(-1, MAPPER.createObjectNode().put("error", e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, MAPPER.createObjectNode());
    }
  }
}
