package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.grpc.GrpcClientSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.protocol.session.v1.Device;
import org.playhead.protocol.session.v1.PlaybackServiceClient;
import org.playhead.protocol.session.v1.StartPlaybackRequest;
import org.playhead.protocol.session.v1.StartPlaybackResponse;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * Steering on a cluster of two nodes against the real Cassandra: the delivery network loaded on one
 * node is used by both; cache reports and SRE marks posted to either reach the other's decisions
 * (Distributed Data); a start is steered and its decision persisted for care; the DASH and HLS
 * steering servers answer, demote what a player reports failing, and say 410 once the session is
 * over; bad input gets clear problems.
 */
@ExtendWith(NodeLogsOnFailure.class)
class SteeringClusterIT {
  static final Duration REPLICATION = Duration.ofSeconds(20);
  static NodeProcess a;
  static NodeProcess b;
  static SreHttp sreA;
  static SreHttp sreB;
  static ActorSystem<Void> clientSystem;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    Map<String, String> settings = Map.of("playhead.steering.ttl", "5s");
    a = NodeProcess.start("steer-a", settings);
    NodeLogsOnFailure.watch(a);
    b =
        NodeProcess.start(
            "steer-b",
            Map.ofEntries(NodeProcess.joining(a), Map.entry("playhead.steering.ttl", "5s")));
    NodeLogsOnFailure.watch(b);
    sreA = new SreHttp(a.baseUrl());
    sreB = new SreHttp(b.baseUrl());
    clientSystem =
        ActorSystem.create(
            Behaviors.empty(),
            "player",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
  }

  @AfterAll
  static void stop() throws Exception {
    clientSystem.terminate();
    b.close();
    a.close();
  }

  /** A network of two caches serving loopback (unique ids: the network row outlives the run). */
  record Net(String text, String first, String second) {}

  static Net network() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String first = "emb-" + suffix;
    String second = "ix-" + suffix;
    String text =
        """
        # steering IT
        origin origin-%1$s http://127.0.0.1:9/
        cache %2$s site=lhr tier=embedded capacity-gbps=100 url=http://127.0.0.1:10/
        cache %3$s site=linx tier=exchange capacity-gbps=400 url=http://127.0.0.1:11/
        prefix %2$s 127.0.0.0/8 ::1/128 2001:db8::/32
        prefix %3$s 127.0.0.0/8 2001:db8::/32
        """
            .formatted(suffix, first, second);
    return new Net(text, first, second);
  }

  static String load(Net net) {
    SreHttp.Answer loaded = sreA.put("/v1/sre/steering/network", "text/plain", net.text());
    assertEquals(200, loaded.status(), loaded.text());
    return loaded.json().path("version").asText();
  }

  static void report(SreHttp sre, String cacheId) {
    SreHttp.Answer r =
        sre.post(
            "/v1/sre/steering/caches/" + cacheId + "/reports",
            "{\"healthy\": true, \"loadPercent\": 30, \"titles\": [\"title-42\"]}");
    assertEquals(202, r.status(), r.text());
  }

  static List<String> decide(SreHttp sre, String address, String title) {
    SreHttp.Answer d = sre.get("/v1/sre/steering/decide?address=" + address + "&titleId=" + title);
    List<String> pathways = new ArrayList<>();
    d.json().path("answer").path("choices").forEach(c -> pathways.add(c.path("pathway").asText()));
    return pathways;
  }

  @Test
  void theNetworkReportsAndMarksReachEveryNode() throws Exception {
    Net net = network();
    String version = load(net);
    SreHttp.await(
        REPLICATION,
        "node b loads network " + version,
        () -> version.equals(sreB.get("/v1/sre/steering/network").json().path("version").asText()));

    // A report posted to each node; both nodes decide with both.
    report(sreA, net.first());
    report(sreB, net.second());
    List<String> both = List.of(net.first(), net.second(), "origin-" + net.first().substring(4));
    SreHttp.await(
        REPLICATION, "b sees a's report", () -> decide(sreB, "127.0.0.9", "title-42").equals(both));
    SreHttp.await(
        REPLICATION, "a sees b's report", () -> decide(sreA, "127.0.0.9", "title-42").equals(both));
    assertEquals(both, decide(sreB, "2001:db8::7", "title-42"), "IPv6 clients too");

    // An SRE marks the first cache down on b: a stops choosing it.
    SreHttp.Answer down =
        sreB.post("/v1/sre/steering/caches/" + net.first() + "/down", "{\"why\": \"drill\"}");
    assertEquals(200, down.status(), down.text());
    SreHttp.await(
        REPLICATION,
        "a drops the marked cache",
        () -> !decide(sreA, "127.0.0.9", "title-42").contains(net.first()));
    JsonNode caches = sreA.get("/v1/sre/steering/caches").json();
    boolean markedSeen = false;
    for (JsonNode c : caches) {
      if (c.path("id").asText().equals(net.first())) {
        markedSeen = c.path("status").asText().equals("marked down by an SRE");
      }
    }
    assertTrue(markedSeen, caches.toString());
  }

  @Test
  void badInputGetsClearProblemsAndChangesNothing() {
    Net net = network();
    String version = load(net);
    SreHttp.Answer refused =
        sreA.put(
            "/v1/sre/steering/network",
            "text/plain",
            net.text() + "cache broken site=x tier=orbit capacity-gbps=1 url=http://x/\n");
    assertEquals(400, refused.status(), refused.text());
    assertTrue(refused.json().path("type").asText().endsWith("/invalid-network"));
    assertEquals("line 7", refused.json().path("errors").get(0).path("field").asText());
    assertTrue(refused.json().path("errors").get(0).path("message").asText().contains("tier"));
    assertEquals(version, sreA.get("/v1/sre/steering/network").json().path("version").asText());

    SreHttp.Answer unknown =
        sreA.post(
            "/v1/sre/steering/caches/no-such-cache/reports",
            "{\"healthy\":true,\"loadPercent\":1}");
    assertEquals(404, unknown.status());
    assertTrue(unknown.json().path("type").asText().endsWith("/cache-not-found"));

    SreHttp.Answer malformed =
        sreA.post(
            "/v1/sre/steering/caches/" + net.first() + "/reports",
            "{\"loadPercent\": 250, \"titles\": [\"a b\"]}");
    assertEquals(400, malformed.status(), malformed.text());
    assertEquals(3, malformed.json().path("errors").size(), malformed.text());
    SreHttp.Answer notJson =
        sreA.post("/v1/sre/steering/caches/" + net.first() + "/reports", "healthy=yes");
    assertEquals(400, notJson.status());

    SreHttp.Answer badAddress = sreA.get("/v1/sre/steering/decide?address=999.1.1.1&titleId=t");
    assertEquals(400, badAddress.status());
    assertEquals("address", badAddress.json().path("errors").get(0).path("field").asText());

    SreHttp asPlayer = new SreHttp(a.baseUrl(), TestTokens.get().player("acc", "p", "d"));
    assertEquals(403, asPlayer.get("/v1/sre/steering/network").status());
    assertEquals(401, new SreHttp(a.baseUrl(), null).get("/v1/sre/steering/caches").status());
  }

  @Test
  void startsAreSteeredPersistedForCareAndSteeringServersFollowThePlayer() throws Exception {
    Net net = network();
    load(net);
    report(sreA, net.first());
    report(sreA, net.second());
    SreHttp.await(
        REPLICATION,
        "both caches on both nodes",
        () ->
            decide(sreA, "127.0.0.9", "title-42").size() == 3
                && decide(sreB, "127.0.0.9", "title-42").size() == 3);

    String sessionId = "it-" + UUID.randomUUID();
    String account = "acc-" + UUID.randomUUID();
    PlayerHttp players = new PlayerHttp(a.baseUrl());
    PlayerHttp.Answer started = players.start(sessionId, account, "title-42");
    assertEquals(201, started.status(), started.body().toString());
    JsonNode steering = started.body().path("steering");
    assertEquals(net.first(), steering.path("choices").get(0).path("pathway").asText());
    assertEquals(
        "http://127.0.0.1:10/title-42/", steering.path("choices").get(0).path("url").asText());
    assertEquals("embedded", steering.path("choices").get(0).path("tier").asText());
    assertEquals("127.0.0.0/8", steering.path("clientNetwork").asText());
    assertEquals(5, steering.path("ttlSeconds").asInt());

    // Care, on the other node, sees the persisted decision in the session and its timeline.
    SreHttp care = new SreHttp(b.baseUrl(), TestTokens.get().care("agent-1"));
    JsonNode view = care.get("/v1/care/sessions/" + sessionId).json();
    assertEquals("start", view.path("steering").path("trigger").asText(), view.toString());
    JsonNode timeline = care.get("/v1/care/sessions/" + sessionId + "/timeline").json();
    assertTrue(timeline.toString().contains("\"kind\":\"steering\""), timeline.toString());

    // The DASH steering server (dash.js quotes the pathways) and the HLS one.
    SreHttp anonymous = new SreHttp(b.baseUrl(), null);
    String dashUrl = steering.path("dashSteeringUrl").asText();
    SreHttp.Answer dash =
        anonymous.get(
            dashUrl + "&_DASH_pathway=%22" + net.first() + "%22&_DASH_throughput=4000000");
    assertEquals(200, dash.status(), dash.text());
    assertEquals(1, dash.json().path("VERSION").asInt());
    assertEquals(5, dash.json().path("TTL").asInt());
    // Absolute: Shaka resolves RELOAD-URI with new URL() and fails on a root-relative one.
    assertEquals(b.baseUrl() + dashUrl, dash.json().path("RELOAD-URI").asText());
    assertEquals(net.first(), dash.json().path("PATHWAY-PRIORITY").get(0).asText());
    assertEquals(
        dash.json().path("PATHWAY-PRIORITY"), dash.json().path("SERVICE-LOCATION-PRIORITY"));
    SreHttp.Answer hls =
        anonymous.get(
            steering.path("hlsSteeringUrl").asText()
                + "&_HLS_pathway="
                + net.first()
                + "&_HLS_throughput=3000000");
    assertEquals(200, hls.status(), hls.text());
    assertTrue(hls.json().path("SERVICE-LOCATION-PRIORITY").isMissingNode());
    assertEquals(403, anonymous.get("/v1/steering/" + sessionId + "/dash.json?st=forged").status());
    assertEquals(400, anonymous.get(dashUrl + "&_DASH_pathway=%22a%20b%22").status());

    // The player reports failures on the first cache: it is demoted for this session.
    PlayerHttp.Answer hb =
        players.postJson(
            "/v1/sessions/" + sessionId + "/heartbeats",
            "{\"sn\":1,\"sta\":\"r\",\"e\":\"e\",\"ec\":[\"404\"],\"pathway\":\""
                + net.first()
                + "\"}");
    assertEquals(200, hb.status(), hb.body().toString());
    JsonNode demoted = anonymous.get(dashUrl).json();
    assertEquals(
        net.second(), demoted.path("PATHWAY-PRIORITY").get(0).asText(), demoted.toString());
    assertEquals(net.first(), demoted.path("PATHWAY-PRIORITY").get(1).asText());

    // gRPC starts carry the same steering (fields 20-29).
    var grpc =
        PlaybackServiceClient.create(
            GrpcClientSettings.connectToServiceAt("127.0.0.1", a.httpPort(), clientSystem)
                .withTls(false),
            clientSystem);
    try {
      StartPlaybackResponse viaGrpc =
          new AuthorizedPlayback(grpc, TestTokens.get().player(account, "profile-2", "phone-1"))
              .startPlayback(
                  StartPlaybackRequest.newBuilder()
                      .setTitleId("title-42")
                      .setDevice(Device.newBuilder().setDeviceType("phone").setDrmSecurityLevel(1))
                      .build())
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
      assertEquals(net.first(), viaGrpc.getSteering().getChoices(0).getPathway());
      assertEquals(3, viaGrpc.getSteering().getChoicesCount());
      assertTrue(viaGrpc.getSteering().getDashManifestUrl().contains("/manifest.mpd?st="));
    } finally {
      grpc.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    // Once the session is over, players are told to stop steering.
    players.postJson("/v1/sessions/" + sessionId + "/stop", "{}");
    assertEquals(410, anonymous.get(dashUrl).status());
    assertEquals(410, anonymous.get(steering.path("hlsSteeringUrl").asText()).status());
    assertEquals(
        403,
        anonymous.get("/v1/steering/never-" + UUID.randomUUID() + "/dash.json?st=x").status(),
        "an unknown session is refused by the signature first");
  }
}
