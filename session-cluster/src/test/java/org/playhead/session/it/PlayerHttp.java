package org.playhead.session.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  public PlayerHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public record Answer(int status, String contentType, JsonNode body) {
    public String text(String field) {
      return body.path(field).asText();
    }
  }

  public Answer post(String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Answer postJson(String path, String json) {
    return post(path, "application/json", json);
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  public Answer method(String method, String path) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  public Answer start(String sessionId, String accountId, String titleId) {
    return postJson(
        "/v1/sessions",
        """
        {"sessionId":"%s","accountId":"%s","profileId":"profile-1","titleId":"%s",
         "device":{"deviceId":"tv-1","deviceType":"tv","drmSecurityLevel":3,"hdcp":"V2_2"}}
        """
            .formatted(sessionId, accountId, titleId));
  }

  public Answer heartbeat(String sessionId, long sn, String sta, long pt) {
    return postJson(
        "/v1/sessions/" + sessionId + "/heartbeats",
        """
        {"sn":%d,"sta":"%s","pt":%d,"br":4500,"bl":12000,"mtp":25000,"pathway":"cdn-a"}
        """
            .formatted(sn, sta, pt));
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(15)).build(),
              HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      JsonNode json = body.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
      return new Answer(
          response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
