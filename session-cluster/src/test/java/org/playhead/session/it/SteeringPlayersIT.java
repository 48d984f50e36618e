package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.playhead.session.it.clip.ClearClipMaker;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * Real players follow Playhead's steering: dash.js and hls.js in Chromium play one session's
 * decorated manifest (a 10 s clip ffmpeg makes here, 1 s fMP4 segments, DASH and HLS) from two
 * local caches; when an SRE marks the cache in use down, the player's next steering request moves
 * its segment requests to the other cache.
 */
@ExtendWith(NodeLogsOnFailure.class)
class SteeringPlayersIT {
  static final String TITLE = "steering-clip";
  static NodeProcess node;
  static Path media;

  @BeforeAll
  static void clipAndNode() throws Exception {
    media = Path.of("target", "steering-media").toAbsolutePath();
    Path title = media.resolve(TITLE);
    if (!Files.exists(title.resolve("master.m3u8"))) {
      ClearClipMaker.videoForSteering(title, Duration.ofSeconds(10));
    }
    // A short steering TTL, so the players ask again within the clip.
    node = NodeProcess.start("steer-players", Map.of("playhead.steering.ttl", "1s"));
    NodeLogsOnFailure.watch(node);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dash", "hls"})
  void segmentRequestsMoveToTheOtherCacheWhenTheFirstIsMarkedDown(String player) throws Exception {
    int portA = NodeProcess.freePort();
    int portB = NodeProcess.freePort();
    int portOrigin = NodeProcess.freePort();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String first = "cache-a-" + suffix;
    String second = "cache-b-" + suffix;
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
              "{\"healthy\": true, \"loadPercent\": 20, \"titles\": [\"" + TITLE + "\"]}");
      assertEquals(202, r.status(), r.text());
    }
    String sessionId = "it-" + UUID.randomUUID();
    PlayerHttp players = new PlayerHttp(node.baseUrl());
    SreHttp.await(
        Duration.ofSeconds(10),
        "both caches reported",
        () ->
            sre.get("/v1/sre/steering/decide?address=127.0.0.1&titleId=" + TITLE)
                    .json()
                    .path("answer")
                    .path("choices")
                    .size()
                == 3);
    PlayerHttp.Answer started = players.start(sessionId, "acc-" + UUID.randomUUID(), TITLE);
    assertEquals(201, started.status(), started.body().toString());
    JsonNode steering = started.body().path("steering");
    assertEquals(first, steering.path("choices").get(0).path("pathway").asText());
    String manifest =
        steering.path(player.equals("dash") ? "dashManifestUrl" : "hlsPlaylistUrl").asText();

    BrowserScript.Run run =
        BrowserScript.run(
            "steering.mjs",
            Duration.ofSeconds(90),
            player,
            node.baseUrl(),
            manifest,
            media.toString(),
            String.valueOf(portA),
            String.valueOf(portB),
            String.valueOf(portOrigin),
            first,
            TestTokens.get().sre("sre-drill"));

    assertTrue(run.succeeded(), run::describe);
    JsonNode result = run.result();
    assertTrue(result.path("segmentsFromFirstBeforeMark").asInt() >= 2, run::describe);
    assertTrue(result.path("segmentsFromSecondAfterMark").asInt() >= 1, run::describe);
    assertEquals(first, result.path("firstPriority").get(0).asText(), run.describe());
    assertEquals(second, result.path("lastPriority").get(0).asText(), run.describe());
    assertTrue(result.path("steeringRequests").asInt() >= 2, run::describe);

    // The session recorded the move: its latest decision leads with the second cache.
    JsonNode view =
        new SreHttp(node.baseUrl(), TestTokens.get().care("agent-1"))
            .get("/v1/care/sessions/" + sessionId)
            .json();
    assertEquals(
        second,
        view.path("steering").path("choices").get(0).path("pathway").asText(),
        view.toString());
  }
}
