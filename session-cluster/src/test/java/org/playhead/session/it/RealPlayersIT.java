package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.playhead.session.it.clip.CencPackager;
import org.playhead.session.it.clip.ClearClipMaker;
import org.playhead.session.it.clip.ContentKey;
import org.playhead.session.it.clip.DashClip;
import org.playhead.session.it.clip.MediaKind;

/**
 * Issue 14's proof: dash.js, Shaka and hls.js, unmodified, on a page whose origin is not
 * Playhead's, configured only from the start answer (deploy/browser/real-players.mjs), on one node:
 *
 * <ul>
 *   <li>their CMCD v2 event reports, posted to the start answer's report URL with no token (after a
 *       CORS preflight), move the session: PLAYING, a position, a last report;
 *   <li>dash.js and Shaka play the title CENC-encrypted with keys from the vault, through Clear Key
 *       licenses ({@code ?token=}); hls.js plays the clear HLS rendition;
 *   <li>when an SRE marks the cache in use down, the player's segment requests move to the other
 *       cache by the steering server's next answer;
 *   <li>after a care terminate, the report URL and the steering server answer 410, and a new
 *       license for the session is refused (403).
 * </ul>
 */
@ExtendWith(NodeLogsOnFailure.class)
class RealPlayersIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DASH_TITLE = "players-cenc-" + UUID.randomUUID().toString().substring(0, 8);
  static final String HLS_TITLE = "players-hls";
  static NodeProcess node;
  static Path media;

  @BeforeAll
  static void mediaAndNode() throws Exception {
    // A short steering TTL, so that the players ask again within the clip.
    node = NodeProcess.start("real-players", Map.of("playhead.steering.ttl", "1s"));
    NodeLogsOnFailure.watch(node);
    media = Files.createTempDirectory("playhead-players-media");
    PlayerHttp http = new PlayerHttp(node.baseUrl());

    // DASH: the packager takes the title's keys from the vault and encrypts a clear clip.
    PlayerHttp.Answer keys =
        http.post(
            "/v1/titles/" + DASH_TITLE + "/content-keys",
            "application/json",
            "{\"trackTypes\":[\"AUDIO\",\"SD\"]}",
            TestTokens.get().packager("packager-real-players-it"));
    assertEquals(200, keys.status(), keys::toString);
    Map<String, ContentKey> byType = new HashMap<>();
    keys.body()
        .path("keys")
        .forEach(
            k ->
                byType.put(
                    k.path("trackType").asText(),
                    new ContentKey(k.path("kid").asText(), k.path("key").asText())));
    DashClip clear = ClearClipMaker.make(media.resolve("clear"), Duration.ofSeconds(40));
    CencPackager.encrypt(
        clear,
        Map.of(MediaKind.VIDEO, byType.get("SD"), MediaKind.AUDIO, byType.get("AUDIO")),
        media.resolve(DASH_TITLE));

    // HLS: a clear clip (hls.js plays no EME in our clips), as SteeringPlayersIT makes it.
    Path hls = media.resolve(HLS_TITLE);
    Files.createDirectories(hls);
    Process ffmpeg =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x180:rate=25",
                "-t",
                "40",
                "-c:v",
                "libx264",
                "-profile:v",
                "baseline",
                "-pix_fmt",
                "yuv420p",
                "-g",
                "25",
                "-keyint_min",
                "25",
                "-sc_threshold",
                "0",
                "-b:v",
                "300k",
                "-f",
                "dash",
                "-seg_duration",
                "1",
                "-use_template",
                "1",
                "-use_timeline",
                "0",
                "-hls_playlist",
                "1",
                "-init_seg_name",
                "init-$RepresentationID$.m4s",
                "-media_seg_name",
                "seg-$RepresentationID$-$Number$.m4s",
                "manifest.mpd")
            .directory(hls.toFile())
            .inheritIO()
            .start();
    assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, "ffmpeg");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (media == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(media)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dash", "shaka", "hls"})
  void playsReportsSteersAndLearnsOfATerminate(String player) throws Exception {
    int portA = NodeProcess.freePort();
    int portB = NodeProcess.freePort();
    int portOrigin = NodeProcess.freePort();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String first = "cache-a-" + suffix;
    String second = "cache-b-" + suffix;
    String title = player.equals("hls") ? HLS_TITLE : DASH_TITLE;
    SreHttp sre = new SreHttp(node.baseUrl());
    SreHttp.Answer loaded =
        sre.put(
            "/v1/sre/steering/network",
            "text/plain",
            """
            origin origin-%1$s http://127.0.0.1:%2$d/
            cache %3$s site=isp tier=embedded capacity-gbps=10 url=http://127.0.0.1:%4$d/
            cache %5$s site=ix tier=exchange capacity-gbps=10 url=http://127.0.0.1:%6$d/
            prefix %3$s 127.0.0.0/8 ::1/128
            prefix %5$s 127.0.0.0/8 ::1/128
            """
                .formatted(suffix, portOrigin, first, portA, second, portB));
    assertEquals(200, loaded.status(), loaded.text());
    for (String cache : List.of(first, second)) {
      SreHttp.Answer r =
          sre.post(
              "/v1/sre/steering/caches/" + cache + "/reports",
              "{\"healthy\": true, \"loadPercent\": 20, \"titles\": [\"" + title + "\"]}");
      assertEquals(202, r.status(), r.text());
    }
    SreHttp.await(
        Duration.ofSeconds(10),
        "both caches reported",
        () ->
            sre.get("/v1/sre/steering/decide?address=127.0.0.1&titleId=" + title)
                    .json()
                    .path("answer")
                    .path("choices")
                    .size()
                == 3);
    String sessionId = "it-" + UUID.randomUUID();
    PlayerHttp.Answer started =
        new PlayerHttp(node.baseUrl()).start(sessionId, "acc-" + UUID.randomUUID(), title);
    assertEquals(201, started.status(), started.body().toString());
    JsonNode start = started.body();
    assertTrue(
        start.path("cmcd").path("reportUrl").asText().startsWith(node.baseUrl()), start::toString);
    assertEquals(first, start.path("steering").path("choices").get(0).path("pathway").asText());

    ObjectNode args = JSON.createObjectNode();
    args.put("player", player);
    args.put("playhead", node.baseUrl());
    args.set("start", start);
    args.put("mediaDir", media.toString());
    args.putObject("ports").put("a", portA).put("b", portB).put("origin", portOrigin);
    args.put("firstCache", first);
    args.putArray("caches").add(first).add(second);
    args.put("title", title);
    args.put("sreToken", TestTokens.get().sre("sre-players"));
    args.put("careToken", TestTokens.get().care("agent-players"));
    BrowserScript.Run run =
        BrowserScript.run(
            "real-players.mjs", Duration.ofSeconds(200), JSON.writeValueAsString(args));
    assertTrue(run.succeeded(), run::describe);
    JsonNode r = run.result();

    // The player's CMCD reports moved the session, across origins (preflights answered).
    assertEquals("PLAYING", r.path("playing").path("state").asText(), run::describe);
    assertTrue(r.path("playing").path("positionMs").asLong() > 0, run::describe);
    assertTrue(
        r.path("playing").path("lastHeartbeatAtMs").asLong()
            > start.path("session").path("startedAtMs").asLong(),
        run::describe);
    // Posted from another origin as application/cmcd: answered only after a CORS preflight.
    assertTrue(!r.path("pageOrigin").asText().equals(node.baseUrl()), run::describe);
    assertTrue(
        r.path("reportsBeforeTerminate").path("statuses").path("200").asInt() > 0,
        () -> "reports: " + run.describe());
    assertTrue(
        r.path("reportsBeforeTerminate").path("outcomes").path("applied").asInt() > 0,
        run::describe);

    // Steering moved the player to the second cache.
    assertEquals(200, r.path("steered").path("markStatus").asInt(), run::describe);
    assertTrue(r.path("steered").path("segmentsFromSecondAfterMark").asInt() >= 1, run::describe);
    assertEquals(first, r.path("firstPriority").get(0).asText(), run::describe);
    assertEquals(second, r.path("lastPriorityBeforeTerminate").get(0).asText(), run::describe);

    // The terminate reached the player: 410 at its report URL and its steering server.
    assertEquals(200, r.path("terminateStatus").asInt(), run::describe);
    assertTrue(contains(r.path("reportStatusesAfterTerminate"), 410), run::describe);
    assertTrue(contains(r.path("steeringStatusesAfterTerminate"), 410), run::describe);
    if (!player.equals("hls")) {
      // Clear Key: the licenses before were granted, a new one after the terminate is refused.
      assertTrue(contains(r.path("licenseStatuses"), 200), run::describe);
      assertTrue(contains(r.path("licenseStatusesAfterReload"), 403), run::describe);
      assertTrue(r.path("playing").path("segmentsFromFirst").asInt() >= 2, run::describe);
    }
  }

  private static boolean contains(JsonNode statuses, int status) {
    for (JsonNode s : statuses) {
      if (s.asInt() == status) {
        return true;
      }
    }
    return false;
  }
}
