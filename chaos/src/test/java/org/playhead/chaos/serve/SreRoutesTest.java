package org.playhead.chaos.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.playhead.chaos.Await;
import org.playhead.chaos.cluster.CassandraEndpoint;
import org.playhead.chaos.cluster.ClusterSpec;
import org.playhead.chaos.cluster.NodeBuild;
import org.playhead.chaos.drill.DrillPlan;
import org.playhead.chaos.report.DrillReport;
import org.playhead.chaos.report.ReportFiles;
import org.playhead.devkit.TokenIssuer;
import org.playhead.devkit.TokenSettings;

/**
 * The SRE endpoint over real HTTP with real tokens; drills are stood in for by a runner that waits
 * for the test and writes a report, so the API is tested without a cluster (DrillIT runs one).
 */
class SreRoutesTest {
  @TempDir static Path dir;
  static ChaosServer server;
  static TokenIssuer minter;
  static final List<DrillPlan> plans = new ArrayList<>();
  static volatile CountDownLatch release = new CountDownLatch(1);
  static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Path keys = dir.resolve("keys.json");
    ClusterSpec spec =
        ClusterSpec.of(3, dir.resolve("work"), new CassandraEndpoint("127.0.0.1", 9042), keys);
    Path reports = dir.resolve("drills");
    DrillService.Runner runner =
        (id, plan, progress) -> {
          plans.add(plan);
          progress.accept("pretending to drill");
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          DrillReport report =
              new DrillReport(
                  id,
                  DrillReport.PASSED,
                  Instant.now(),
                  Instant.now(),
                  null,
                  Map.of(),
                  null,
                  List.of(),
                  new DrillReport.Verification(true, List.of(), Map.of("sessions", 3L)),
                  List.of(),
                  List.of(),
                  null,
                  null);
          try {
            ReportFiles.write(plan.outputDir().resolve(id), report);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return report;
        };
    server =
        ChaosServer.start(
            "127.0.0.1",
            0,
            spec,
            reports,
            Optional.empty(),
            new DrillService(reports, runner, Clock.systemUTC()));
    minter = new TokenIssuer(TokenSettings.of(NodeBuild.config(), keys), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    release.countDown();
    server.close();
  }

  record Answer(int status, String contentType, JsonNode body, HttpResponse<String> raw) {}

  static String sre() {
    return minter.sre("oncall-1", Duration.ofMinutes(10));
  }

  static String state(String id) {
    try {
      return send("GET", "/v1/drills/" + id, sre(), null, null).body().path("state").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Answer send(String method, String path, String token, String contentType, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String type = r.headers().firstValue("Content-Type").orElse("");
    JsonNode parsed = type.contains("json") && !r.body().isEmpty() ? json.readTree(r.body()) : null;
    return new Answer(r.statusCode(), type, parsed, r);
  }

  @Test
  void onlySreTokensGetIn() throws Exception {
    Answer none = send("GET", "/v1/drills", null, null, null);
    assertEquals(401, none.status());
    assertEquals("application/problem+json", none.contentType());
    assertTrue(none.body().path("type").asText().endsWith("token-missing"));
    assertTrue(none.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

    String player = minter.player("a", "p", "d", "v", Duration.ofMinutes(5));
    Answer wrong = send("POST", "/v1/drills", player, "application/json", "{}");
    assertEquals(403, wrong.status());
    assertTrue(wrong.body().path("type").asText().endsWith("wrong-role"));
    Answer forged = send("GET", "/v1/drills", sre() + "x", null, null);
    assertEquals(401, forged.status());
  }

  @Test
  void badRequestsListEveryProblemAndStartNothing() throws Exception {
    int before = plans.size();
    Answer invalid =
        send(
            "POST",
            "/v1/drills",
            sre(),
            "application/json",
            "{\"nodes\": 0, \"faults\": [\"explode\", \"kill9:node-7\"], \"baseline\": \"soon\", \"color\": \"red\"}");
    assertEquals(400, invalid.status(), String.valueOf(invalid.body()));
    assertEquals("application/problem+json", invalid.contentType());
    List<String> fields = new ArrayList<>();
    invalid.body().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertEquals(List.of("color", "nodes", "baseline", "faults[0]", "faults[1]"), fields);

    Answer malformed = send("POST", "/v1/drills", sre(), "application/json", "{\"nodes\": ");
    assertEquals(400, malformed.status());
    assertTrue(malformed.body().path("type").asText().endsWith("malformed-json"));
    Answer notJson = send("POST", "/v1/drills", sre(), "text/plain", "nodes=3");
    assertEquals(415, notJson.status());
    Answer sharesOverOne =
        send(
            "POST",
            "/v1/drills",
            sre(),
            "application/json",
            "{\"grpcUnaryShare\": 0.9, \"grpcStreamShare\": 0.9}");
    assertEquals(400, sharesOverOne.status());
    Answer huge =
        send(
            "POST",
            "/v1/drills",
            sre(),
            "application/json",
            "{\"faults\": [\"" + "x".repeat(70_000) + "\"]}");
    assertEquals(413, huge.status());
    Answer method = send("DELETE", "/v1/drills", sre(), null, null);
    assertEquals(405, method.status());
    assertEquals(before, plans.size(), "nothing ran");
  }

  @Test
  void aDrillRunsOneAtATimeAndItsReportIsServed() throws Exception {
    release = new CountDownLatch(1);
    Answer accepted =
        send(
            "POST",
            "/v1/drills",
            sre(),
            "application/json",
            "{\"nodes\": 3, \"sessions\": 300, \"faults\": [\"kill9:node-2\", \"freeze:random:5s\"], \"seed\": 9}");
    assertEquals(202, accepted.status(), String.valueOf(accepted.body()));
    String id = accepted.body().path("id").asText();
    assertEquals("/v1/drills/" + id, accepted.raw().headers().firstValue("Location").orElseThrow());
    assertEquals("running", accepted.body().path("state").asText());
    assertEquals("oncall-1", accepted.body().path("requestedBy").asText());

    Answer busy = send("POST", "/v1/drills", sre(), "application/json", "{}");
    assertEquals(409, busy.status());
    assertTrue(busy.body().path("detail").asText().contains(id));
    Answer early = send("GET", "/v1/drills/" + id + "/report.html", sre(), null, null);
    assertEquals(409, early.status());

    release.countDown();
    Await.until(
        "the drill finished",
        Duration.ofSeconds(5),
        Duration.ofMillis(50),
        () -> !"running".equals(state(id)));
    Answer done = send("GET", "/v1/drills/" + id, sre(), null, null);
    assertEquals("passed", done.body().path("state").asText());
    assertEquals(
        3, done.body().path("report").path("verification").path("counts").path("sessions").asInt());
    Answer page = send("GET", "/v1/drills/" + id + "/report.html", sre(), null, null);
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"));
    assertTrue(page.raw().body().contains("Drill " + id));

    DrillPlan plan = plans.get(plans.size() - 1);
    assertEquals(3, plan.cluster().nodes());
    assertEquals(300, plan.players().sessions());
    assertEquals(9, plan.players().seed());
    assertEquals(
        List.of("kill9:node-2", "freeze:random:5s"),
        plan.faults().stream().map(f -> f.spec()).toList());

    Answer list = send("GET", "/v1/drills", sre(), null, null);
    assertTrue(list.body().path("drills").toString().contains(id));
  }

  @Test
  void unknownDrillsAreNotFound() throws Exception {
    Answer unknown = send("GET", "/v1/drills/drill-20260101-000000-ffff", sre(), null, null);
    assertEquals(404, unknown.status());
    assertTrue(unknown.body().path("type").asText().endsWith("drill-not-found"));
    Answer sneaky = send("GET", "/v1/drills/..%2F..%2Fetc/report.html", sre(), null, null);
    assertEquals(404, sneaky.status());
  }
}
