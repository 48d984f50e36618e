package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * A real node's {@code /metrics} on its management port after starts, heartbeats, a refused start
 * and a stop: every meter the dashboard reads is there with the counts this test caused. The node
 * logs JSON, and its session entity's lines carry the session id.
 */
@ExtendWith(NodeLogsOnFailure.class)
class MetricsEndpointIT {
  static NodeProcess node;
  static PlayerHttp http;
  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void startNode() throws Exception {
    node =
        NodeProcess.start(
            "metrics",
            Map.of(
                "PLAYHEAD_LOG_FORMAT", "json",
                "playhead.metrics.shard-poll-interval", "500ms"));
    NodeLogsOnFailure.watch(node);
    http = new PlayerHttp(node.baseUrl());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  /** One sample of the Prometheus text format: name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static List<Sample> scrape() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
        response.headers().toString());
    return response
        .body()
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(MetricsEndpointIT::parse)
        .toList();
  }

  static Sample parse(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    Map<String, String> labels = new HashMap<>();
    String name = line.substring(0, brace >= 0 ? brace : space);
    if (brace >= 0) {
      String inner = line.substring(brace + 1, line.lastIndexOf('}'));
      for (String pair : inner.split(",(?=[a-z_]+=\")")) {
        int eq = pair.indexOf('=');
        labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
      }
    }
    return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
  }

  static Optional<Double> value(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .map(Sample::value)
        .findFirst();
  }

  static double valueOf(List<Sample> samples, String name, Map<String, String> labels) {
    return value(samples, name, labels)
        .orElseThrow(() -> new AssertionError(name + labels + " not scraped"));
  }

  /** Gauges that are polled or read asynchronously settle within seconds. */
  static List<Sample> awaitScrape(Predicate<List<Sample>> until) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    List<Sample> samples = scrape();
    while (!until.test(samples) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      samples = scrape();
    }
    return samples;
  }

  @Test
  void startsHeartbeatsRefusalsAndStopsShowInTheMetrics() throws Exception {
    String account = "acc-" + UUID.randomUUID();
    List<String> sessions = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
    for (int i = 0; i < sessions.size(); i++) {
      var started = http.start(sessions.get(i), account, "p" + i, "tv-" + i, "title-1");
      assertEquals(201, started.status(), started.toString());
    }
    // A standard plan holds two streams: a third profile's start is refused (no session exists).
    var refused = http.start(UUID.randomUUID().toString(), account, "p9", "tv-9", "t");
    assertEquals(409, refused.status(), refused.toString());
    for (int sn = 1; sn <= 5; sn++) {
      assertEquals(200, http.heartbeat(sessions.get(0), sn, "p", sn * 1_000L).status());
    }

    List<Sample> samples =
        awaitScrape(
            s ->
                value(s, "playhead_sharding_entities", Map.of("entity_type", "PlaybackSession"))
                        .orElse(0.0)
                    >= 2);
    assertTrue(valueOf(samples, "playhead_sessions_started_total", Map.of()) >= 2);
    assertTrue(valueOf(samples, "playhead_sessions_active", Map.of()) >= 2);
    assertTrue(valueOf(samples, "playhead_heartbeats_seconds_count", Map.of("outcome", "ok")) >= 5);
    assertTrue(
        valueOf(
                samples,
                "playhead_heartbeats_seconds_bucket",
                Map.of("outcome", "ok", "le", "+Inf"))
            >= 5);
    assertTrue(
        valueOf(samples, "playhead_admissions_denied_total", Map.of("reason", "stream_limit"))
            >= 1);
    assertTrue(
        valueOf(samples, "playhead_journal_writes_seconds_count", Map.of("outcome", "ok")) >= 3,
        "two starts and a state change were written");
    valueOf(samples, "playhead_journal_writes_seconds_count", Map.of("outcome", "write_timeout"));
    valueOf(samples, "playhead_licenses_issued_total", Map.of());
    assertTrue(
        valueOf(samples, "playhead_sharding_entities", Map.of("entity_type", "PlaybackSession"))
            >= 2);
    assertTrue(valueOf(samples, "playhead_sharding_shards", Map.of("entity_type", "Account")) >= 1);
    assertEquals(1.0, valueOf(samples, "playhead_cluster_members", Map.of("status", "up")));
    assertEquals(0.0, valueOf(samples, "playhead_cluster_members", Map.of("status", "joining")));
    assertEquals(0.0, valueOf(samples, "playhead_cluster_members_unreachable", Map.of()));
    assertTrue(valueOf(samples, "jvm_memory_used_bytes", Map.of("area", "heap")) > 0);
    valueOf(samples, "jvm_threads_live_threads", Map.of());
    valueOf(samples, "process_uptime_seconds", Map.of());

    double activeBefore = valueOf(samples, "playhead_sessions_active", Map.of());
    http.postJson("/v1/sessions/" + sessions.get(1) + "/stop", "{\"reason\":\"user\"}");
    List<Sample> afterStop =
        awaitScrape(s -> valueOf(s, "playhead_sessions_active", Map.of()) < activeBefore);
    assertEquals(activeBefore - 1, valueOf(afterStop, "playhead_sessions_active", Map.of()));
  }

  @Test
  void jsonLogLinesCarryTheSessionId() throws Exception {
    String session = UUID.randomUUID().toString();
    assertEquals(201, http.start(session, "acc-" + UUID.randomUUID(), "title-7").status());
    ObjectMapper json = new ObjectMapper();
    Instant deadline = Instant.now().plusSeconds(10);
    Optional<JsonNode> line = Optional.empty();
    while (line.isEmpty() && Instant.now().isBefore(deadline)) {
      line =
          Files.readAllLines(node.logFile()).stream()
              .filter(l -> l.startsWith("{") && l.contains(session))
              .map(l -> readTree(json, l))
              .filter(n -> session.equals(n.path("sessionId").asText()))
              .findFirst();
      if (line.isEmpty()) {
        Thread.sleep(200);
      }
    }
    JsonNode started = line.orElseThrow(() -> new AssertionError("no JSON line for " + session));
    assertEquals("INFO", started.path("level").asText());
    assertTrue(started.path("message").asText().contains("title-7"), started.toString());
    assertTrue(started.has("@timestamp"));
  }

  private static JsonNode readTree(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
