package org.playhead.chaos.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * The player API over HTTP/1.1, as browsers and apps speak it: JSON starts and stops; heartbeats as
 * JSON with CMCD key names or as CMCD v2 event-mode bodies ({@code application/cmcd}), as dash.js
 * and Shaka post them. HTTP/1.1 on purpose: the JDK client's h2c upgrade loses POST bodies against
 * pekko-http.
 *
 * <p>HTTP/1.1 carries one request per connection at a time, and the JDK client opens a connection
 * for every request that finds none idle: under a slow node that would be thousands, past the
 * node's {@code max-connections} (1024). So at most {@link #IN_FLIGHT_PER_NODE} requests per node
 * are in flight; the others wait their turn (within the request timeout), as behind a proxy's
 * connection pool. A small pool is also cheaper: the JDK client keeps idle connections in a list it
 * searches on every request (JFR: {@code ConnectionPool$ExpiryList.remove} was the client's top
 * frame with 256 per node); 64 carry a few hundred requests per second per node even at 100 ms an
 * answer.
 */
final class HttpPlayerApi implements PlayerApi {
  static final int IN_FLIGHT_PER_NODE = 64;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client;
  private final Duration timeout;
  private final boolean cmcdBodies;
  private final List<AsyncLimiter> perNode;

  /**
   * @param perNode each node's limit on requests in flight, shared by every HTTP player
   * @param cmcdBodies heartbeats as CMCD event-mode bodies rather than JSON
   */
  HttpPlayerApi(
      HttpClient client, Duration timeout, List<AsyncLimiter> perNode, boolean cmcdBodies) {
    this.client = client;
    this.timeout = timeout;
    this.perNode = perNode;
    this.cmcdBodies = cmcdBodies;
  }

  static List<AsyncLimiter> limiters(int nodes) {
    List<AsyncLimiter> limiters = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      limiters.add(new AsyncLimiter(IN_FLIGHT_PER_NODE));
    }
    return limiters;
  }

  @Override
  public String transport() {
    return "http";
  }

  @Override
  public CompletionStage<CallResult> start(Target target, String sessionId, String titleId) {
    String body =
        "{\"sessionId\":\""
            + sessionId
            + "\",\"titleId\":\""
            + titleId
            + "\",\"device\":{\"deviceType\":\""
            + target.deviceType()
            + "\",\"drmSecurityLevel\":3,\"hdcp\":\"V2_2\"}}";
    return post(target, "/v1/sessions", "application/json", body)
        .thenApply(
            answer -> {
              if (answer.status() == 200 || answer.status() == 201) {
                JsonNode json = answer.json();
                long ttl = json.path("leaseTtlSeconds").asLong(0);
                return CallResult.started(
                        json.path("resumePositionMs").asLong(0),
                        ttl > 0 ? Duration.ofSeconds(ttl) : null)
                    .withOwner(answer.owner());
              }
              return problem(answer, true);
            })
        .exceptionally(HttpPlayerApi::failure);
  }

  @Override
  public CompletionStage<CallResult> stop(
      Target target, String sessionId, boolean ended, long positionMs) {
    String reason = ended ? "ended" : "user";
    String body = "{\"reason\":\"" + reason + "\",\"playheadMs\":" + positionMs + "}";
    return post(target, "/v1/sessions/" + sessionId + "/stop", "application/json", body)
        .thenApply(
            answer -> {
              if (answer.status() != 200) {
                return problem(answer, false);
              }
              JsonNode session = answer.json();
              String stopReason = session.path("stopReason").asText("");
              // Stopping a session that had already ended answers its view: then the player's
              // stop is not what ended it.
              if (!stopReason.equalsIgnoreCase(reason)) {
                return CallResult.ended(
                    stopReason.toLowerCase(Locale.ROOT) + " (before the player's stop)");
              }
              return CallResult.ok(session.path("positionMs").asLong(-1));
            })
        .exceptionally(HttpPlayerApi::failure);
  }

  @Override
  public Reporter reporter(PushListener pushes) {
    return new Reporter() {
      @Override
      public CompletionStage<CallResult> report(Target target, Report report) {
        return heartbeat(target, report);
      }

      @Override
      public void close() {}
    };
  }

  private CompletionStage<CallResult> heartbeat(Target target, Report r) {
    String path = "/v1/sessions/" + r.sessionId() + "/heartbeats";
    CompletionStage<Answer> sent =
        cmcdBodies
            ? post(target, path, "application/cmcd", cmcd(r))
            : post(target, path, "application/json", json(r));
    return sent.thenApply(
            answer ->
                answer.status() == 200
                    ? CallResult.ok(answer.json().path("positionMs").asLong(-1))
                        .withOwner(answer.owner())
                    : problem(answer, false))
        .exceptionally(HttpPlayerApi::failure);
  }

  /** A CMCD v2 event-mode report, keys sorted as the players' shared encoder writes them. */
  static String cmcd(Report r) {
    StringBuilder b = new StringBuilder(256);
    b.append("bl=(").append(r.bufferMs()).append(')');
    b.append(",br=(").append(r.bitrateKbps()).append(')');
    b.append(",cid=\"").append(r.titleId()).append('"');
    b.append(",com.playhead-pathway=\"").append(r.pathway()).append('"');
    b.append(",e=").append(r.playStateChange() ? "ps" : "t");
    b.append(",mtp=(").append(r.throughputKbps()).append(')');
    b.append(",pt=").append(r.positionMs());
    b.append(",sid=\"").append(r.sessionId()).append('"');
    b.append(",sn=").append(r.sequenceNumber());
    b.append(",sta=").append(r.playing() ? 'p' : 'a');
    if (r.startup()) {
      b.append(",su");
    }
    b.append(",ts=").append(r.clientTimeMs());
    b.append(",v=2\n");
    return b.toString();
  }

  /** The same report as JSON with CMCD key names. */
  static String json(Report r) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"sid\":\"").append(r.sessionId()).append('"');
    b.append(",\"cid\":\"").append(r.titleId()).append('"');
    b.append(",\"sn\":").append(r.sequenceNumber());
    b.append(",\"ts\":").append(r.clientTimeMs());
    b.append(",\"pt\":").append(r.positionMs());
    b.append(",\"sta\":\"").append(r.playing() ? 'p' : 'a').append('"');
    b.append(",\"e\":\"").append(r.playStateChange() ? "ps" : "t").append('"');
    b.append(",\"bl\":").append(r.bufferMs());
    b.append(",\"br\":").append(r.bitrateKbps());
    b.append(",\"mtp\":").append(r.throughputKbps());
    b.append(",\"su\":").append(r.startup());
    b.append(",\"pathway\":\"").append(r.pathway()).append("\"}");
    return b.toString();
  }

  /**
   * @param owner the owner hint ({@code Playhead-Owner}), or {@code null}
   */
  private record Answer(int status, String body, String retryAfter, String owner) {
    JsonNode json() {
      try {
        return body.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
      } catch (IOException e) {
        return MAPPER.createObjectNode();
      }
    }
  }

  private CompletionStage<Answer> post(
      Target target, String path, String contentType, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target.node().apiUrl() + path))
            .timeout(timeout)
            .header("Authorization", target.authorization())
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    return perNode
        .get(target.nodeIndex())
        .run(
            () ->
                client
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(
                        response ->
                            new Answer(
                                response.statusCode(),
                                response.body(),
                                response.headers().firstValue("Retry-After").orElse(null),
                                response.headers().firstValue("Playhead-Owner").orElse(null))),
            deadline);
  }

  /** A non-success answer as a result: its problem type says what it means. */
  private static CallResult problem(Answer answer, boolean isStart) {
    JsonNode json = answer.json();
    String type = json.path("type").asText("");
    String slug = type.substring(type.lastIndexOf('/') + 1);
    String detail = answer.status() + " " + (slug.isEmpty() ? "error" : slug);
    int status = answer.status();
    if (status == 409 && (slug.equals("stream-limit") || slug.equals("device-limit"))) {
      return CallResult.refused(detail, null);
    }
    if (status == 429 && isStart) {
      return CallResult.refused(detail, retryAfter(answer.retryAfter()));
    }
    if (status == 409 && slug.equals("session-ended")) {
      return CallResult.ended(json.path("stopReason").asText("unknown"));
    }
    if (status >= 500) {
      return CallResult.unavailable(detail + ": " + json.path("detail").asText(""));
    }
    return CallResult.rejected(detail + ": " + json.path("detail").asText(""));
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** No answer at all: the node is down, slow or unreachable. */
  private static CallResult failure(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return CallResult.unavailable("timeout: " + cause.getMessage());
    }
    return CallResult.unavailable(
        "no answer: "
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
  }
}
