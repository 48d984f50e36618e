package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * The browser console on a real node, in Debian's Chromium: a care agent signs in, finds an account
 * by id, sees its two live streams, ends one with a reason, and that player's next heartbeat learns
 * it; a care token cannot open SRE pages; an SRE marks a cache unhealthy and sees it in the list,
 * then sees the live title on the QoE page with its charts. The account page's screenshot
 * (1280x800) lands in {@code target/console/account.png}; README's copy is
 * docs/console-account.png.
 */
@ExtendWith(NodeLogsOnFailure.class)
class ConsoleIT {
  static final String WHY = "customer asked to stop the stream on the old TV";
  static final String SRE_WHY = "packet loss on the lhr uplink";
  static NodeProcess node;

  @BeforeAll
  static void startNode() throws Exception {
    // A QoE consumer group of its own: earlier tests' nodes hold none of its partitions.
    node =
        NodeProcess.start(
            "console",
            Map.of("playhead.analytics.aggregates.group-id", "console-it-" + UUID.randomUUID()));
    NodeLogsOnFailure.watch(node);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void agentEndsAStreamAndSreMarksACacheUnhealthyInTheBrowser() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String account = "acc-console-" + suffix;
    String tvSession = "it-tv-" + UUID.randomUUID();
    String phoneSession = "it-phone-" + UUID.randomUUID();
    PlayerHttp players = new PlayerHttp(node.baseUrl());
    PlayerHttp.Answer tvStart = players.start(tvSession, account, "profile-1", "tv-1", "title-42");
    assertEquals(201, tvStart.status(), tvStart.body().toString());
    assertEquals(
        201, players.start(phoneSession, account, "profile-2", "phone-1", "title-7").status());
    assertEquals(200, players.heartbeat(tvSession, 1, "p", 61_000).status());
    assertEquals(200, players.heartbeat(phoneSession, 1, "p", 5_000).status());

    // The TV's player gets a Clear Key license, so its row has a license status to show.
    SreHttp packager =
        new SreHttp(node.baseUrl(), TestTokens.get().packager("packager-console-it"));
    SreHttp.Answer keys =
        packager.post("/v1/titles/title-42/content-keys", "{\"trackTypes\":[\"SD\"]}");
    assertEquals(200, keys.status(), keys.text());
    String kid =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                HexFormat.of().parseHex(keys.json().path("keys").get(0).path("kid").asText()));
    PlayerHttp.Answer license =
        players.post(
            "/v1/licenses/clearkey",
            "application/json",
            "{\"kids\":[\"" + kid + "\"],\"type\":\"temporary\"}",
            tvStart.body().path("license").path("token").asText());
    assertEquals(200, license.status(), license.body().toString());

    SreHttp sre = new SreHttp(node.baseUrl());
    String cache = "oca-console-" + suffix;
    SreHttp.Answer loaded =
        sre.put(
            "/v1/sre/steering/network",
            "text/plain",
            """
            origin origin-%1$s http://127.0.0.1:9/
            cache %2$s site=lhr tier=embedded capacity-gbps=100 url=http://127.0.0.1:9/
            prefix %2$s 81.2.69.0/24
            """
                .formatted(suffix, cache));
    assertEquals(200, loaded.status(), loaded.text());
    SreHttp.Answer reported =
        sre.post(
            "/v1/sre/steering/caches/" + cache + "/reports",
            "{\"healthy\": true, \"loadPercent\": 38, \"titles\": [\"title-42\"]}");
    assertEquals(202, reported.status(), reported.text());

    // A streaming stick registered by care: the viewer will know it, not the account. The device
    // search follows the account journal, so wait until it answers before the browser asks.
    SreHttp careApi = new SreHttp(node.baseUrl(), TestTokens.get().care("agent-3"));
    String stick = "stick-" + suffix;
    SreHttp.Answer registered =
        careApi.post(
            "/v1/care/accounts/" + account + "/devices",
            "{\"deviceId\": \"" + stick + "\", \"deviceType\": \"stick\", \"why\": \"new stick\"}");
    assertEquals(200, registered.status(), registered.text());
    Await.until(
        Duration.ofSeconds(60),
        Duration.ofMillis(250),
        () -> assertEquals(200, careApi.get("/v1/care/devices/" + stick).status()));

    Path screenshot = Path.of("target", "console", "account.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    BrowserScript.Run run =
        BrowserScript.run(
            "console.mjs",
            Duration.ofSeconds(120),
            "--base-url",
            node.baseUrl(),
            "--care-token",
            TestTokens.get().care("agent-7"),
            "--sre-token",
            TestTokens.get().sre("sre-1"),
            "--account",
            account,
            "--terminate",
            tvSession,
            "--cache",
            cache,
            "--why",
            WHY,
            "--sre-why",
            SRE_WHY,
            "--qoe-title",
            "title-7",
            "--device",
            stick,
            "--screenshot",
            screenshot.toString());
    assertTrue(run.succeeded(), run::describe);
    JsonNode result = run.result();

    // A forged token is refused with the node's own problem text.
    assertTrue(result.path("forgedTokenProblem").asText().contains("401"), run.describe());
    // The agent found the account and its two live streams, with what each one plays.
    assertEquals(
        List.of(tvSession, phoneSession).stream().sorted().toList(),
        sorted(result.path("streamsBefore")),
        run.describe());
    JsonNode tvCells = row(result.path("streamCells"), "Device", "tv-1");
    assertEquals("title-42", tvCells.path("Title").asText(), run.describe());
    assertEquals("cdn-a", tvCells.path("CDN").asText(), run.describe());
    assertTrue(tvCells.path("Position").asText().startsWith("1:"), run.describe());
    assertTrue(tvCells.path("License").asText().startsWith("issued"), run.describe());
    assertTrue(
        row(result.path("streamCells"), "Device", "phone-1")
            .path("License")
            .asText()
            .startsWith("none yet"),
        run.describe());
    assertTrue(Files.size(screenshot) > 10_000, "screenshot written");
    // The reason is required; with it the stream left the list at once.
    assertFalse(result.path("emptyWhyMessage").asText().isBlank(), run.describe());
    assertEquals(List.of(phoneSession), sorted(result.path("streamsAfter")), run.describe());
    assertTrue(result.path("terminateNotice").asText().contains("tv-1"), run.describe());

    // The terminated player learns it on its next heartbeat; the other one plays on.
    PlayerHttp.Answer learned = players.heartbeat(tvSession, 2, "p", 62_000);
    assertEquals(409, learned.status(), learned.body().toString());
    assertEquals(
        "REVOKED",
        learned.body().path("stopReason").asText().toUpperCase(),
        learned.body().toString());
    assertEquals(200, players.heartbeat(phoneSession, 2, "p", 6_000).status());
    // The agent found the account again by the stick's id.
    assertEquals("Account " + account, result.path("deviceSearchHeading").asText(), run.describe());

    // The agent's reason is in the session's timeline, with the agent's id.
    SreHttp care = new SreHttp(node.baseUrl(), TestTokens.get().care("agent-9"));
    String timeline = care.get("/v1/care/sessions/" + tvSession + "/timeline").text();
    assertTrue(timeline.contains(WHY) && timeline.contains("agent-7"), timeline);

    // A care token sees no SRE page, and the node refuses its SRE calls.
    assertEquals(List.of("Find"), texts(result.path("careNav")), run.describe());
    assertTrue(result.path("careOnSrePage").asText().contains("for SREs"), run.describe());
    assertEquals(403, result.path("careOnSreApi").path("status").asInt(), run.describe());
    assertTrue(
        result.path("careOnSreApi").path("type").asText().endsWith("wrong-role"), run.describe());

    // The SRE saw this node in the cluster and marked the cache unhealthy.
    assertEquals(
        List.of("Cluster", "Caches", "QoE", "Drills"),
        texts(result.path("sreNav")),
        run.describe());
    assertTrue(result.path("clusterRows").get(0).asText().contains("Up"), run.describe());
    assertTrue(
        result.path("cacheBefore").path("Own report").asText().contains("healthy"), run.describe());
    assertTrue(
        result.path("cacheAfter").path("SRE mark").asText().contains(SRE_WHY), run.describe());
    assertTrue(
        result.path("cacheAfter").path("Steering").asText().contains("marked down"),
        run.describe());
    JsonNode marked = cacheView(sre, cache);
    assertTrue(marked.path("mark").path("down").asBoolean(), marked.toString());
    assertEquals("sre-1", marked.path("mark").path("by").asText(), marked.toString());
    assertEquals(SRE_WHY, marked.path("mark").path("why").asText(), marked.toString());

    // The QoE page showed the phone's title (still playing) with its plays, and drew the six
    // charts, each described by its dimension's table.
    JsonNode qoeRow = result.path("qoeTitleRow");
    assertEquals("title-7", qoeRow.path("Title").asText(), run.describe());
    assertTrue(Integer.parseInt(qoeRow.path("Plays").asText()) >= 1, run.describe());
    assertEquals(
        List.of("Per title", "Per CDN pathway"), texts(result.path("qoeSections")), run.describe());
    assertEquals(6, result.path("qoeCharts").size(), run.describe());
    for (JsonNode chart : result.path("qoeCharts")) {
      assertTrue(chart.path("canvas").asBoolean(), run.describe());
      assertTrue(
          chart.path("describedBy").asText().startsWith("Current figures per"), run.describe());
    }
    assertTrue(result.path("qoeLegend").asText().contains("title-7"), run.describe());
    assertEquals("true", result.path("qoePaused").asText(), run.describe());
    assertEquals(List.of(), texts(result.path("pageErrors")), run.describe());
  }

  @Test
  void consoleRoutesServeThePageAndTheSreFiguresBehindTheirTokens() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> bare =
        client.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/console")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(308, bare.statusCode());
    assertEquals("/console/", bare.headers().firstValue("Location").orElse(""));
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/console/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\">"), page.body());
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
    HttpResponse<String> script =
        client.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/console/app.js")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, script.statusCode());
    assertTrue(
        script.headers().firstValue("Content-Type").orElse("").contains("javascript"),
        script.headers().toString());
    HttpResponse<String> missing =
        client.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/console/../application.conf"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode(), missing.body());

    SreHttp sre = new SreHttp(node.baseUrl());
    SreHttp care = new SreHttp(node.baseUrl(), TestTokens.get().care("agent-7"));
    SreHttp player =
        new SreHttp(node.baseUrl(), TestTokens.get().player("acc-1", "profile-1", "tv-1"));
    assertEquals("sre", sre.get("/v1/operators/me").json().path("role").asText());
    assertEquals("agent-7", care.get("/v1/operators/me").json().path("subject").asText());
    assertEquals(403, player.get("/v1/operators/me").status());
    assertEquals(401, new SreHttp(node.baseUrl(), null).get("/v1/operators/me").status());

    // The cluster as the SRE page shows it: this node, Up, with its shards and sessions.
    SreHttp.Answer cluster = sre.get("/v1/sre/cluster");
    assertEquals(200, cluster.status(), cluster.text());
    JsonNode self = cluster.json().path("members").get(0);
    assertEquals("Up", self.path("status").asText(), cluster.text());
    assertTrue(self.path("self").asBoolean() && self.path("leader").asBoolean(), cluster.text());
    assertTrue(self.path("shards").has("PlaybackSession"), cluster.text());
    assertEquals(403, care.get("/v1/sre/cluster").status());

    // Drills go to the chaos kit's server; this node has none configured, and says so.
    SreHttp.Answer drills = sre.get("/v1/sre/drills");
    assertEquals(503, drills.status(), drills.text());
    assertTrue(
        drills.json().path("type").asText().endsWith("drills-not-configured"), drills.text());
    assertEquals(403, care.get("/v1/sre/drills").status());
  }

  @Test
  void careFindsTheAccountsOfADeviceOrAProfile() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String first = "acc-lookup-a-" + suffix;
    String second = "acc-lookup-b-" + suffix;
    String device = "tv-" + suffix;
    String profile = "profile-" + suffix;
    PlayerHttp players = new PlayerHttp(node.baseUrl());
    // The same device and profile ids on two accounts (apps choose them, unique per account).
    assertEquals(
        201, players.start("it-" + UUID.randomUUID(), first, profile, device, "title-1").status());
    assertEquals(
        201, players.start("it-" + UUID.randomUUID(), second, profile, device, "title-2").status());
    SreHttp care = new SreHttp(node.baseUrl(), TestTokens.get().care("agent-4"));
    Await.until(
        Duration.ofSeconds(60),
        Duration.ofMillis(250),
        () -> {
          SreHttp.Answer found = care.get("/v1/care/devices/" + device);
          assertEquals(200, found.status(), found.text());
          assertEquals(
              List.of(first, second),
              accountIds(found.json().path("accounts")).stream().sorted().toList(),
              found.text());
        });
    Await.until(
        Duration.ofSeconds(60),
        Duration.ofMillis(250),
        () -> {
          SreHttp.Answer found = care.get("/v1/care/profiles/" + profile);
          assertEquals(200, found.status(), found.text());
          assertEquals(2, found.json().path("accounts").size(), found.text());
          assertEquals(device, found.json().path("accounts").get(0).path("lastDeviceId").asText());
        });

    // Care removes the device from the first account: the search follows.
    SreHttp.Answer removed =
        care.post(
            "/v1/care/accounts/" + first + "/devices/" + device + "/remove",
            "{\"why\": \"sold the TV\"}");
    assertEquals(200, removed.status(), removed.text());
    Await.until(
        Duration.ofSeconds(60),
        Duration.ofMillis(250),
        () ->
            assertEquals(
                List.of(second),
                accountIds(care.get("/v1/care/devices/" + device).json().path("accounts"))));

    // Bad input, unknown ids and other roles get problems.
    SreHttp.Answer bad = care.get("/v1/care/devices/bad%20id");
    assertEquals(400, bad.status(), bad.text());
    assertEquals("deviceId", bad.json().path("errors").get(0).path("field").asText(), bad.text());
    SreHttp.Answer unknown = care.get("/v1/care/devices/never-" + suffix);
    assertEquals(404, unknown.status(), unknown.text());
    assertTrue(unknown.json().path("type").asText().endsWith("device-not-found"), unknown.text());
    assertEquals(404, care.get("/v1/care/profiles/never-" + suffix).status());
    assertEquals(403, new SreHttp(node.baseUrl()).get("/v1/care/devices/" + device).status());
    assertEquals(401, new SreHttp(node.baseUrl(), null).get("/v1/care/devices/" + device).status());
  }

  private static List<String> accountIds(JsonNode accounts) {
    List<String> out = new ArrayList<>();
    accounts.forEach(a -> out.add(a.path("accountId").asText()));
    return out;
  }

  private static JsonNode cacheView(SreHttp sre, String cache) {
    for (JsonNode c : sre.get("/v1/sre/steering/caches").json()) {
      if (c.path("id").asText().equals(cache)) {
        return c;
      }
    }
    throw new AssertionError("no cache " + cache);
  }

  private static JsonNode row(JsonNode rows, String column, String value) {
    for (JsonNode r : rows) {
      if (r.path(column).asText().equals(value)) {
        return r;
      }
    }
    throw new AssertionError("no row with " + column + " " + value + " in " + rows);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> sorted(JsonNode array) {
    return texts(array).stream().sorted().toList();
  }
}
