package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.playhead.session.it.SingleNodeIT.awaitAssert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
 * Accounts on a real node against the real Cassandra: admission against the plan, conflicts and
 * termination tokens, each eviction policy, the hand-off grace, lease expiry, bookmarks that follow
 * the viewer across devices, and customer care. Leases, grace and checkpoints are short here so the
 * tests need not wait long.
 */
@ExtendWith(NodeLogsOnFailure.class)
class AccountIT {
  static NodeProcess node;
  static PlayerHttp http;
  static final String CARE = TestTokens.get().care("agent-7");

  @BeforeAll
  static void startNode() throws Exception {
    node =
        NodeProcess.start(
            "accounts",
            Map.ofEntries(
                Map.entry("playhead.session.lease-ttl", "4s"),
                Map.entry("playhead.session.checkpoint-interval", "1s"),
                Map.entry("playhead.accounts.renew-every", "1s"),
                Map.entry("playhead.accounts.handoff-grace", "3s"),
                Map.entry("playhead.accounts.plans.oldest-out.max-streams", "2"),
                Map.entry("playhead.accounts.plans.oldest-out.max-devices", "5"),
                Map.entry("playhead.accounts.plans.oldest-out.policy", "evict-oldest"),
                Map.entry("playhead.accounts.plans.newest-out.max-streams", "2"),
                Map.entry("playhead.accounts.plans.newest-out.max-devices", "5"),
                Map.entry("playhead.accounts.plans.newest-out.policy", "evict-newest"),
                Map.entry("playhead.rate-limits.starts.per-account.burst", "100000"),
                Map.entry("playhead.rate-limits.starts.per-account.per-minute", "1000000"),
                Map.entry("playhead.rate-limits.starts.per-device.burst", "100000"),
                Map.entry("playhead.rate-limits.starts.per-device.per-minute", "1000000")));
    NodeLogsOnFailure.watch(node);
    http = new PlayerHttp(node.baseUrl());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static String fresh(String what) {
    return what + "-" + UUID.randomUUID();
  }

  private static PlayerHttp.Answer care(String method, String path, String json) {
    return method.equals("GET")
        ? http.get(path, CARE)
        : method.equals("PUT")
            ? http.put(path, json, CARE)
            : http.post(path, "application/json", json, CARE);
  }

  private static void plan(String account, String plan) {
    assertEquals(
        200,
        care(
                "PUT",
                "/v1/care/accounts/" + account + "/plan",
                "{\"plan\":\"" + plan + "\",\"why\":\"test\"}")
            .status());
  }

  @Test
  void theLimitRefusesWithTheStreamsInTheWayAndATokenFreesOne() {
    String account = fresh("acc");
    String s1 = fresh("s"), s2 = fresh("s"), s3 = fresh("s");
    assertEquals(201, http.start(s1, account, "p1", "tv", "title-1").status());
    assertEquals(201, http.start(s2, account, "p2", "phone", "title-2").status());

    var refused = http.start(s3, account, "p3", "tablet", "title-3");
    assertEquals(409, refused.status());
    assertTrue(refused.text("type").endsWith("/stream-limit"));
    JsonNode streams = refused.body().path("streams");
    assertEquals(2, streams.size());
    assertEquals(s1, streams.get(0).path("sessionId").asText());
    assertEquals("tv", streams.get(0).path("deviceId").asText());
    assertEquals("p1", streams.get(0).path("profileId").asText());
    assertEquals("title-1", streams.get(0).path("titleId").asText());
    assertTrue(streams.get(0).path("startedAtMs").asLong() > 0);
    String tokenOfS1 = streams.get(0).path("terminationToken").asText();
    assertFalse(tokenOfS1.isEmpty());

    var admitted = http.start(s3, account, "p3", "tablet", "title-3", tokenOfS1);
    assertEquals(201, admitted.status(), admitted.body().toString());
    assertEquals(s1, admitted.body().path("evictedSessionIds").get(0).asText());

    var evicted = http.heartbeat(s1, 1, "p", 1_000);
    assertEquals(409, evicted.status());
    assertEquals("evicted", evicted.text("stopReason"));
    var view = care("GET", "/v1/care/accounts/" + account, null).body();
    assertEquals(List.of(s2, s3), sessionIds(view.path("activeStreams")));
  }

  @Test
  void evictOldestAndEvictNewestPolicies() {
    String account = fresh("acc");
    String s1 = fresh("s"), s2 = fresh("s"), s3 = fresh("s"), s4 = fresh("s");
    http.start(s1, account, "p1", "d1", "t");
    plan(account, "oldest-out");
    http.start(s2, account, "p2", "d2", "t");
    var third = http.start(s3, account, "p3", "d3", "t");
    assertEquals(201, third.status());
    assertEquals(s1, third.body().path("evictedSessionIds").get(0).asText());

    plan(account, "newest-out");
    var fourth = http.start(s4, account, "p4", "d4", "t");
    assertEquals(201, fourth.status());
    assertEquals(s3, fourth.body().path("evictedSessionIds").get(0).asText());
    assertEquals(
        List.of(s2, s4),
        sessionIds(care("GET", "/v1/care/accounts/" + account, null).body().path("activeStreams")));
  }

  @Test
  void aViewerMovingDevicesKeepsTheSlotThroughTheHandoffGrace() {
    String account = fresh("acc");
    plan(account, "basic");
    String phone = fresh("s"), tv = fresh("s");
    http.start(phone, account, "p1", "phone", "title-1");
    http.heartbeat(phone, 1, "p", 1_000);
    assertEquals(200, http.postJson("/v1/sessions/" + phone + "/stop", "{}").status());

    // The slot is held for p1 for the grace: someone else on the account is refused...
    awaitAssert(
        () -> {
          var other = http.start(fresh("s"), account, "p2", "tablet", "title-9");
          assertEquals(409, other.status());
          assertTrue(other.body().path("streams").get(0).path("reservedUntilMs").asLong() > 0);
        });
    // ...and p1 moves to the TV.
    assertEquals(201, http.start(tv, account, "p1", "tv", "title-1").status());
    assertEquals(200, http.postJson("/v1/sessions/" + tv + "/stop", "{}").status());
    // After the grace, the slot is anyone's.
    awaitAssert(
        () -> assertEquals(201, http.start(fresh("s"), account, "p2", "tablet", "t").status()));
  }

  @Test
  void aVanishedPlayersSlotFreesAfterItsLease() {
    String account = fresh("acc");
    plan(account, "basic");
    http.start(fresh("s"), account, "p1", "phone", "title-1"); // never heartbeats
    assertEquals(409, http.start(fresh("s"), account, "p2", "tv", "t").status());
    awaitAssert(() -> assertEquals(201, http.start(fresh("s"), account, "p2", "tv", "t").status()));
  }

  @Test
  void aBookmarkFollowsTheViewerToAnotherDevice() {
    String account = fresh("acc");
    String onTv = fresh("s");
    http.start(onTv, account, "p1", "tv", "title-7");
    http.heartbeat(onTv, 1, "p", 10_000);
    http.heartbeat(onTv, 2, "a", 60_000);
    http.postJson("/v1/sessions/" + onTv + "/stop", "{\"playheadMs\":65000}");

    List<String> tried = new ArrayList<>();
    awaitAssert(
        () -> {
          String onPhone = fresh("s");
          tried.add(onPhone);
          var started = http.start(onPhone, account, "p1", "phone", "title-7");
          assertEquals(201, started.status());
          http.postJson("/v1/sessions/" + onPhone + "/stop", "{}");
          assertEquals(65_000, started.body().path("resumePositionMs").asLong());
        });
    var continueWatching = http.get("/v1/continue-watching?limit=5", http.tokenOf(onTv));
    assertEquals(200, continueWatching.status());
    assertEquals("title-7", continueWatching.body().path("titles").get(0).path("titleId").asText());
    assertEquals(400, http.get("/v1/continue-watching?limit=0", http.tokenOf(onTv)).status());
    // Another profile of the account starts the title from the beginning.
    assertEquals(
        0,
        http.start(fresh("s"), account, "p2", "phone", "title-7")
            .body()
            .path("resumePositionMs")
            .asLong());
  }

  @Test
  void customerCareSeesAndActsAndEveryActionNeedsAReason() {
    String account = fresh("acc");
    String s1 = fresh("s"), s2 = fresh("s");
    http.start(s1, account, "p1", "tv", "title-1");
    http.heartbeat(s1, 1, "p", 5_000);
    http.start(s2, account, "p2", "phone", "title-2");

    var session = care("GET", "/v1/care/sessions/" + s1, null);
    assertEquals(200, session.status());
    assertEquals("PLAYING", session.text("state"));
    assertEquals("tv", session.body().path("device").path("deviceId").asText());
    assertEquals("cdn-a", session.text("pathway"));
    assertTrue(session.body().path("lastHeartbeatAtMs").asLong() > 0);

    var view = care("GET", "/v1/care/accounts/" + account, null).body();
    assertEquals("standard", view.path("plan").path("name").asText());
    assertEquals(2, view.path("devices").size());
    assertEquals(List.of(s1, s2), sessionIds(view.path("activeStreams")));
    assertFalse(view.toString().contains("terminationToken"), "care never sees tokens");

    assertEquals(400, care("POST", "/v1/care/sessions/" + s1 + "/terminate", "{}").status());
    var terminated =
        care("POST", "/v1/care/sessions/" + s1 + "/terminate", "{\"why\":\"customer asked\"}");
    assertEquals(200, terminated.status());
    assertEquals("REVOKED", terminated.text("stopReason"));
    assertEquals("revoked", http.heartbeat(s1, 2, "p", 6_000).text("stopReason"));
    awaitAssert(
        () -> {
          var timeline = care("GET", "/v1/care/sessions/" + s1 + "/timeline", null);
          assertEquals(200, timeline.status());
          String entries = timeline.body().toString();
          assertTrue(entries.contains("stream-ended") && entries.contains("stopped"), entries);
          assertTrue(entries.contains("agent-7") && entries.contains("customer asked"), entries);
          assertFalse(entries.contains("terminationToken"));
        });
    assertEquals(
        404, care("GET", "/v1/care/sessions/" + fresh("none") + "/timeline", null).status());

    assertEquals(
        409,
        care("PUT", "/v1/care/accounts/" + account + "/plan", "{\"plan\":\"gold\",\"why\":\"x\"}")
            .status());
    plan(account, "premium");
    assertEquals(
        200,
        care(
                "POST",
                "/v1/care/accounts/" + account + "/devices",
                "{\"deviceId\":\"console\",\"why\":\"new console\"}")
            .status());
    var removed =
        care(
            "POST",
            "/v1/care/accounts/" + account + "/devices/phone/remove",
            "{\"why\":\"phone lost\"}");
    assertEquals(200, removed.status());
    assertTrue(removed.body().path("activeStreams").isEmpty(), "the phone's stream ended");
    var signedOut =
        care("POST", "/v1/care/accounts/" + account + "/sign-out", "{\"why\":\"compromised\"}");
    assertEquals(0, signedOut.body().path("devices").size());
    JsonNode recent = signedOut.body().path("recentSessions");
    assertEquals(s2, recent.get(0).path("sessionId").asText());
    assertEquals("REVOKED", recent.get(0).path("stopReason").asText());
  }

  @Test
  void everyRoleAgainstEveryEndpoint() {
    String account = fresh("acc");
    String id = fresh("s");
    http.start(id, account, "p1", "tv", "title-1");
    http.heartbeat(id, 1, "p", 1_000);
    String owner = http.tokenOf(id);
    String otherPlayer = TestTokens.get().player(account, "p1", "another-device");
    String expired = TestTokens.get().expiredPlayer(account, "p1", "tv");
    String sre = TestTokens.get().sre("ops-1");

    record Call(
        String name,
        java.util.function.Function<String, PlayerHttp.Answer> send,
        boolean forCare) {}
    String json = "application/json";
    String session = "/v1/sessions/" + id;
    String care = "/v1/care/accounts/" + account;
    // Every endpoint; the calls whose success changes much (stop, terminate, sign out) come last.
    List<Call> calls =
        List.of(
            new Call(
                "start",
                t ->
                    http.post(
                        "/v1/sessions",
                        json,
                        "{\"titleId\":\"t\",\"sessionId\":\"" + fresh("m") + "\"}",
                        t),
                false),
            new Call(
                "heartbeat", t -> http.post(session + "/heartbeats", json, "{\"sn\":1}", t), false),
            new Call(
                "cmcd heartbeat",
                t -> http.post(session + "/heartbeats", "application/cmcd", "sn=1,sta=p", t),
                false),
            new Call("get", t -> http.get(session, t), false),
            new Call("continue watching", t -> http.get("/v1/continue-watching", t), false),
            new Call("care session", t -> http.get("/v1/care/sessions/" + id, t), true),
            new Call(
                "care timeline", t -> http.get("/v1/care/sessions/" + id + "/timeline", t), true),
            new Call("care account", t -> http.get(care, t), true),
            new Call(
                "care plan",
                t -> http.put(care + "/plan", "{\"plan\":\"standard\",\"why\":\"matrix\"}", t),
                true),
            new Call(
                "care register device",
                t ->
                    http.post(
                        care + "/devices",
                        json,
                        "{\"deviceId\":\"console\",\"why\":\"matrix\"}",
                        t),
                true),
            new Call(
                "care remove device",
                t -> http.post(care + "/devices/console/remove", json, "{\"why\":\"matrix\"}", t),
                true),
            new Call("stop", t -> http.post(session + "/stop", json, "{}", t), false),
            new Call(
                "care terminate",
                t ->
                    http.post(
                        "/v1/care/sessions/" + id + "/terminate", json, "{\"why\":\"matrix\"}", t),
                true),
            new Call(
                "care sign-out",
                t -> http.post(care + "/sign-out", json, "{\"why\":\"matrix\"}", t),
                true));
    List<String> sessionScoped = List.of("heartbeat", "cmcd heartbeat", "get", "stop");

    for (Call call : calls) {
      assertEquals(401, call.send().apply(null).status(), call.name() + " without a token");
      assertEquals(401, call.send().apply("not.a.jwt").status(), call.name() + " malformed");
      assertEquals(401, call.send().apply(expired).status(), call.name() + " expired");
      assertEquals(403, call.send().apply(sre).status(), call.name() + " with an SRE token");
      if (call.forCare()) {
        assertEquals(403, call.send().apply(owner).status(), call.name() + " with a player token");
        assertEquals(200, call.send().apply(CARE).status(), call.name() + " with a care token");
      } else {
        assertEquals(403, call.send().apply(CARE).status(), call.name() + " with a care token");
        if (sessionScoped.contains(call.name())) {
          assertEquals(
              403, call.send().apply(otherPlayer).status(), call.name() + " as another device");
        }
        assertEquals(
            1,
            http.get(session, owner).body().path("lastSequenceNumber").asLong(),
            "refused calls changed nothing");
        int own = call.send().apply(owner).status();
        assertTrue(own == 200 || own == 201, call.name() + " as the owner: " + own);
      }
    }
  }

  private static List<String> sessionIds(JsonNode streams) {
    List<String> ids = new ArrayList<>();
    streams.forEach(s -> ids.add(s.path("sessionId").asText()));
    return ids;
  }
}
