package org.playhead.chaos.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.chaos.load.AsyncLimiter;
import org.playhead.chaos.load.PlayerTokens;
import org.playhead.chaos.load.SessionOwner;

/**
 * Reads sessions from outside, as customer care and players do: the care session view, the care
 * timeline, and the player's own view. Any node will do: a node that does not answer is skipped for
 * the next.
 */
final class CareReader implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TOKEN_TTL = Duration.ofHours(1);

  private final List<NodeEndpoint> nodes;
  private final PlayerTokens tokens;
  private final Duration timeout;
  private final ExecutorService executor;
  private final HttpClient client;
  private final AsyncLimiter limiter = new AsyncLimiter(32);
  private final String care;

  CareReader(List<NodeEndpoint> nodes, PlayerTokens tokens, Duration timeout) {
    this.nodes = List.copyOf(nodes);
    this.tokens = tokens;
    this.timeout = timeout;
    this.executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "drill-verifier-http");
              thread.setDaemon(true);
              return thread;
            });
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(executor)
            .build();
    this.care = tokens.care("chaos-drill-verifier", TOKEN_TTL);
  }

  record Answer(int status, JsonNode json, String error) {
    boolean unavailable() {
      return status == 0 || status >= 500;
    }
  }

  /**
   * The care view of a session; a node that does not answer is retried on the next, until the
   * deadline (an entity may be recovering or restarting with backoff after a fault).
   */
  CompletableFuture<SessionObservation> session(
      String sessionId, int firstNode, long deadlineNanos) {
    return sessionAttempt(sessionId, firstNode, deadlineNanos, 0, new ArrayList<>());
  }

  private CompletableFuture<SessionObservation> sessionAttempt(
      String sessionId, int node, long deadlineNanos, int attempt, List<String> errors) {
    return get(node, "/v1/care/sessions/" + sessionId, care)
        .thenCompose(
            answer -> {
              if (answer.status() == 200) {
                return CompletableFuture.completedFuture(observation(sessionId, answer.json()));
              }
              if (answer.status() == 404) {
                return CompletableFuture.completedFuture(SessionObservation.notFound(sessionId));
              }
              errors.add(nodes.get(node).name() + ": " + describe(answer));
              if (!answer.unavailable() || System.nanoTime() >= deadlineNanos) {
                return CompletableFuture.completedFuture(
                    SessionObservation.unreachable(sessionId, lastErrors(errors)));
              }
              return later(backoff(attempt))
                  .thenCompose(
                      ignored ->
                          sessionAttempt(
                              sessionId,
                              (node + 1) % nodes.size(),
                              deadlineNanos,
                              attempt + 1,
                              errors));
            });
  }

  /** The care view of an account; retried on the next node until the deadline, as sessions are. */
  CompletableFuture<AccountObservation> account(String accountId, int node, long deadlineNanos) {
    return accountAttempt(accountId, node, deadlineNanos, 0);
  }

  private CompletableFuture<AccountObservation> accountAttempt(
      String accountId, int node, long deadlineNanos, int attempt) {
    return get(node, "/v1/care/accounts/" + accountId, care)
        .thenCompose(
            answer -> {
              if (answer.status() == 200) {
                List<String> active = new ArrayList<>();
                answer
                    .json()
                    .path("activeStreams")
                    .forEach(stream -> active.add(stream.path("sessionId").asText()));
                JsonNode plan = answer.json().path("plan");
                return CompletableFuture.completedFuture(
                    new AccountObservation(
                        accountId,
                        plan.path("name").asText(),
                        plan.path("maxStreams").asInt(),
                        active));
              }
              if (!answer.unavailable() || System.nanoTime() >= deadlineNanos) {
                return CompletableFuture.failedFuture(
                    new IllegalStateException(
                        "account "
                            + accountId
                            + ": "
                            + nodes.get(node).name()
                            + " "
                            + describe(answer)));
              }
              return later(backoff(attempt))
                  .thenCompose(
                      ignored ->
                          accountAttempt(
                              accountId, (node + 1) % nodes.size(), deadlineNanos, attempt + 1));
            });
  }

  /**
   * Whether a session answers both care and its own player, retrying over every node until the
   * deadline.
   */
  CompletableFuture<KilledNodeProbe> probe(
      String sessionId, SessionOwner owner, int firstNode, long deadlineNanos) {
    return probeAttempt(sessionId, owner, firstNode, deadlineNanos, 0);
  }

  private CompletableFuture<KilledNodeProbe> probeAttempt(
      String sessionId, SessionOwner owner, int node, long deadlineNanos, int attempt) {
    String name = nodes.get(node).name();
    return get(node, "/v1/care/sessions/" + sessionId, care)
        .thenCompose(
            careAnswer -> {
              if (careAnswer.status() != 200 || owner == null) {
                return CompletableFuture.completedFuture(careAnswer);
              }
              return get(
                  node, "/v1/sessions/" + sessionId, tokens.player(owner, Duration.ofMinutes(10)));
            })
        .thenCompose(
            answer -> {
              if (answer.status() == 200) {
                return CompletableFuture.completedFuture(
                    new KilledNodeProbe(
                        sessionId,
                        true,
                        "answered by " + name + (owner == null ? " (care only)" : "")));
              }
              String last = name + ": " + describe(answer);
              if (System.nanoTime() >= deadlineNanos) {
                return CompletableFuture.completedFuture(
                    new KilledNodeProbe(sessionId, false, "no answer in time; last " + last));
              }
              return later(backoff(attempt))
                  .thenCompose(
                      ignored ->
                          probeAttempt(
                              sessionId,
                              owner,
                              (node + 1) % nodes.size(),
                              deadlineNanos,
                              attempt + 1));
            });
  }

  /**
   * What a session's account journal says about it, from the session's care timeline (its entries
   * of source {@code account}); none for a session that never existed. Retried on the next node
   * until the deadline, as views are; a timeline the node cut at its {@code max-events-read} fails.
   */
  CompletableFuture<List<AccountEntry>> accountEntries(
      String sessionId, int node, long deadlineNanos) {
    return accountEntriesAttempt(sessionId, node, deadlineNanos, 0);
  }

  private CompletableFuture<List<AccountEntry>> accountEntriesAttempt(
      String sessionId, int node, long deadlineNanos, int attempt) {
    return get(node, "/v1/care/sessions/" + sessionId + "/timeline", care)
        .thenCompose(
            answer -> {
              if (answer.status() == 404) {
                return CompletableFuture.completedFuture(List.<AccountEntry>of());
              }
              if (answer.status() == 200) {
                if (answer.json().path("truncated").asBoolean(false)) {
                  return CompletableFuture.<List<AccountEntry>>failedFuture(
                      new IllegalStateException(
                          "the timeline of " + sessionId + " was cut at max-events-read"));
                }
                List<AccountEntry> entries = new ArrayList<>();
                for (JsonNode entry : answer.json().path("entries")) {
                  AccountEntry.Kind kind = AccountEntry.kindOf(entry.path("kind").asText(""));
                  if (kind != null && "account".equals(entry.path("source").asText())) {
                    entries.add(
                        new AccountEntry(
                            entry.path("sequenceNr").asLong(),
                            entry.path("atMs").asLong(),
                            kind,
                            sessionId));
                  }
                }
                return CompletableFuture.completedFuture(entries);
              }
              if (!answer.unavailable() || System.nanoTime() >= deadlineNanos) {
                return CompletableFuture.<List<AccountEntry>>failedFuture(
                    new IllegalStateException(
                        "timeline of "
                            + sessionId
                            + ": "
                            + nodes.get(node).name()
                            + " "
                            + describe(answer)));
              }
              return later(backoff(attempt))
                  .thenCompose(
                      ignored ->
                          accountEntriesAttempt(
                              sessionId, (node + 1) % nodes.size(), deadlineNanos, attempt + 1));
            });
  }

  /** The last few entries of a session's care timeline, for a violation's detail. */
  CompletableFuture<String> timelineTail(String sessionId, int entries) {
    return timelineAttempt(sessionId, entries, 0);
  }

  private CompletableFuture<String> timelineAttempt(String sessionId, int entries, int node) {
    return get(node, "/v1/care/sessions/" + sessionId + "/timeline", care)
        .thenCompose(
            answer -> {
              if (answer.status() != 200) {
                if (answer.unavailable() && node + 1 < nodes.size()) {
                  return timelineAttempt(sessionId, entries, node + 1);
                }
                return CompletableFuture.completedFuture(
                    "timeline unavailable (" + describe(answer) + ")");
              }
              List<String> lines = new ArrayList<>();
              answer
                  .json()
                  .path("entries")
                  .forEach(
                      e -> lines.add(e.path("at").asText() + " " + e.path("summary").asText()));
              return CompletableFuture.completedFuture(
                  "timeline: "
                      + String.join(
                          " | ", lines.subList(Math.max(0, lines.size() - entries), lines.size())));
            });
  }

  private CompletableFuture<Answer> get(int node, String path, String authorization) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(nodes.get(node).apiUrl() + path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .GET()
            .build();
    return limiter.run(
        () ->
            client
                .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle(
                    (response, failure) -> {
                      if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new Answer(0, null, cause.toString());
                      }
                      return new Answer(response.statusCode(), parse(response.body()), null);
                    }));
  }

  static SessionObservation observation(String sessionId, JsonNode json) {
    String state = json.path("state").asText("");
    JsonNode reason = json.path("stopReason");
    return new SessionObservation(
        sessionId,
        SessionObservation.Status.FOUND,
        json.path("accountId").asText(null),
        json.path("profileId").asText(null),
        json.path("device").path("deviceId").asText(null),
        state,
        reason.isMissingNode() || reason.isNull() ? null : reason.asText(),
        json.path("positionMs").asLong(-1),
        json.path("lastHeartbeatAtMs").asLong(0),
        json.path("stoppedAtMs").asLong(0),
        json.path("leaseExpiresAtMs").asLong(0),
        null);
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
    } catch (IOException e) {
      return MAPPER.createObjectNode();
    }
  }

  private static String describe(Answer answer) {
    if (answer.status() == 0) {
      return "no answer (" + answer.error() + ")";
    }
    String type = answer.json().path("type").asText("");
    return answer.status()
        + (type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf('/') + 1));
  }

  private static long backoff(int attempt) {
    return Math.min(2_000, 250L * (attempt + 1));
  }

  /** The last errors only: a read retried for a minute would otherwise name every attempt. */
  private static String lastErrors(List<String> errors) {
    return String.join("; ", errors.subList(Math.max(0, errors.size() - 3), errors.size()));
  }

  private static CompletableFuture<Void> later(long millis) {
    return CompletableFuture.runAsync(
        () -> {}, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
