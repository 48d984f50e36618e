package org.playhead.session.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The player API over HTTP, as a test drives it: raw status plus parsed JSON body. */
public final class PlayerHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder()
          // Browsers and curl speak HTTP/1.1 on http://; the JDK client would try an h2c upgrade.
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;
  private final java.util.Map<String, String> tokenBySession;

  /** Sends no token unless a session's owner is known or one is given. */
  public PlayerHttp(String baseUrl) {
    this(baseUrl, new java.util.concurrent.ConcurrentHashMap<>());
  }

  private PlayerHttp(String baseUrl, java.util.Map<String, String> tokenBySession) {
    this.baseUrl = baseUrl;
    this.tokenBySession = tokenBySession;
  }

  /** The same players, talking to another node (after a crash, say). */
  public PlayerHttp at(String otherBaseUrl) {
    return new PlayerHttp(otherBaseUrl, tokenBySession);
  }

  /** The token of the player that started {@code sessionId} through this client. */
  public String tokenOf(String sessionId) {
    return tokenBySession.get(sessionId);
  }

  public record Answer(int status, String contentType, JsonNode body) {
    public String text(String field) {
      return body.path(field).asText();
    }
  }

  public Answer post(String path, String contentType, String body) {
    return post(path, contentType, body, tokenFor(path));
  }

  /** With an explicit token ({@code null} for none). */
  public Answer post(String path, String contentType, String body, String token) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        token);
  }

  public Answer put(String path, String json, String token) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)),
        token);
  }

  public Answer postJson(String path, String json) {
    return post(path, "application/json", json);
  }

  public Answer get(String path) {
    return get(path, tokenFor(path));
  }

  public Answer get(String path, String token) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), token);
  }

  public Answer method(String method, String path) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .method(method, HttpRequest.BodyPublishers.noBody()),
        tokenFor(path));
  }

  /** Starts as the player (account, "profile-1", "tv-1"), whose token later calls reuse. */
  public Answer start(String sessionId, String accountId, String titleId) {
    return start(sessionId, accountId, "profile-1", "tv-1", titleId);
  }

  public Answer start(
      String sessionId,
      String accountId,
      String profileId,
      String deviceId,
      String titleId,
      String... terminationTokens) {
    String token = TestTokens.get().player(accountId, profileId, deviceId);
    tokenBySession.put(sessionId, token);
    String tokens =
        java.util.Arrays.stream(terminationTokens)
            .map(t -> "\"" + t + "\"")
            .collect(java.util.stream.Collectors.joining(","));
    return post(
        "/v1/sessions",
        "application/json",
        """
        {"sessionId":"%s","titleId":"%s","terminationTokens":[%s],
         "device":{"deviceType":"tv","drmSecurityLevel":3,"hdcp":"V2_2"}}
        """
            .formatted(sessionId, titleId, tokens),
        token);
  }

  /** A start body that names its own account, profile and device, sent with {@code token}. */
  public Answer startNaming(String sessionId, String accountId, String titleId, String token) {
    return post(
        "/v1/sessions",
        "application/json",
        """
        {"sessionId":"%s","accountId":"%s","profileId":"profile-1","titleId":"%s",
         "device":{"deviceId":"tv-1","deviceType":"tv","drmSecurityLevel":3,"hdcp":"V2_2"}}
        """
            .formatted(sessionId, accountId, titleId),
        token);
  }

  /** The owner's token for a session path, or none. */
  private String tokenFor(String path) {
    String prefix = "/v1/sessions/";
    if (!path.startsWith(prefix)) {
      return null;
    }
    String rest = path.substring(prefix.length());
    int slash = rest.indexOf('/');
    return tokenBySession.get(slash < 0 ? rest : rest.substring(0, slash));
  }

  public Answer heartbeat(String sessionId, long sn, String sta, long pt) {
    return postJson(
        "/v1/sessions/" + sessionId + "/heartbeats",
        """
        {"sn":%d,"sta":"%s","pt":%d,"br":4500,"bl":12000,"mtp":25000,"pathway":"cdn-a"}
        """
            .formatted(sn, sta, pt));
  }

  private Answer send(HttpRequest.Builder request, String token) {
    if (token != null) {
      request.header("Authorization", TestTokens.bearer(token));
    }
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(15)).build(),
              HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      // Bodies that are not JSON (a probe's "OK", a playlist) come back as one text node.
      JsonNode json =
          body.isEmpty()
              ? MAPPER.createObjectNode()
              : contentType.contains("json") ? MAPPER.readTree(body) : TextNode.valueOf(body);
      return new Answer(response.statusCode(), contentType, json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
