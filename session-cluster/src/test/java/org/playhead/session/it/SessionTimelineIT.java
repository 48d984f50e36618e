package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.playhead.session.it.SingleNodeIT.awaitAssert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.session.care.SessionTimeline;
import org.playhead.session.care.Timeline;
import org.playhead.session.care.TimelineEntries;
import org.playhead.session.care.TimelineEntry;
import org.playhead.session.care.TimelineJson;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * A session driven over HTTP on a real node, then its timeline read back from the real Cassandra
 * journal in this JVM, through the read journal.
 */
@ExtendWith(NodeLogsOnFailure.class)
class SessionTimelineIT {
  static NodeProcess node;
  static PlayerHttp http;
  static ActorSystem<Void> careSystem;
  static SessionTimeline timelines;

  @BeforeAll
  static void start() throws Exception {
    node = NodeProcess.start("timeline", Map.of());
    NodeLogsOnFailure.watch(node);
    http = new PlayerHttp(node.baseUrl());
    // A local system: it reads the journal without joining the node's cluster, and must not exit
    // the test JVM when it terminates (the node config's exit-jvm is on).
    careSystem =
        ActorSystem.create(
            Behaviors.empty(),
            "care",
            ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.coordinated-shutdown.exit-jvm = off")
                .withFallback(ConfigFactory.load()));
    timelines = new SessionTimeline(careSystem);
  }

  @AfterAll
  static void stop() throws Exception {
    careSystem.terminate();
    careSystem.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    node.close();
  }

  @Test
  void aSessionsStoryFromItsOwnAndItsAccountsJournals() throws Exception {
    String id = "it-" + UUID.randomUUID();
    String other = "it-" + UUID.randomUUID();
    String account = "acc-timeline-" + UUID.randomUUID();

    assertEquals(201, http.start(id, account, "title-tl").status());
    assertEquals("PLAYING", http.heartbeat(id, 1, "p", 1_000).text("state"));
    assertEquals("PAUSED", http.heartbeat(id, 2, "a", 5_000).text("state"));
    // A second stream fills the standard plan; a third is refused with the tokens that would
    // stop the others, this session's among them: the timeline must never show it.
    assertEquals(201, http.start(other, account, "profile-2", "phone-2", "title-x").status());
    var refused = http.start("it-" + UUID.randomUUID(), account, "profile-3", "tab-3", "title-y");
    assertEquals(409, refused.status());
    String token = tokenOf(refused.body(), id);
    assertFalse(token.isEmpty(), "the refusal lists this session's token: " + refused.body());

    var stopped =
        http.postJson("/v1/sessions/" + id + "/stop", "{\"reason\":\"user\",\"playheadMs\":6000}");
    assertEquals(200, stopped.status());
    assertEquals(200, http.postJson("/v1/sessions/" + other + "/stop", "{}").status());

    // The account writes StreamEnded after the session's stop is acknowledged.
    List<Timeline> read = new ArrayList<>(1);
    awaitAssert(
        () -> {
          Timeline t = read(id).orElseThrow();
          assertTrue(
              t.entries().stream().anyMatch(e -> e.kind().equals("stream-ended")), t.toString());
          read.clear();
          read.add(t);
        });
    Timeline timeline = read.get(0);
    List<TimelineEntry> entries = timeline.entries();
    List<String> kinds = entries.stream().map(TimelineEntry::kind).toList();

    assertEquals(account, timeline.accountId());
    assertFalse(timeline.truncated());
    // The account admits before the session persists its start, so by time "admitted" comes
    // first unless both fall in the same millisecond (then the session's entry does).
    assertEquals(Set.of("started", "admitted"), Set.copyOf(kinds.subList(0, 2)), kinds.toString());
    // The start's steering step persists the session's first steering decision.
    assertEquals(
        List.of("steering", "playing", "paused", "stopped", "stream-ended"),
        kinds.subList(2, 7),
        kinds.toString());
    assertEquals(7, kinds.size(), kinds.toString());
    List<TimelineEntry> sorted = new ArrayList<>(entries);
    sorted.sort(TimelineEntries.ORDER);
    assertEquals(sorted, entries, "oldest first");

    TimelineEntry started = only(entries, "started");
    assertEquals("session", started.source());
    assertEquals("title-tl", started.details().get("titleId"));
    assertEquals(account, started.details().get("accountId"));
    assertEquals("profile-1", started.details().get("profileId"));
    assertEquals("tv-1", started.details().get("deviceId"));
    assertEquals("0", started.details().get("resumePositionMs"));
    assertEquals(1, started.sequenceNr());

    assertEquals("1000", only(entries, "playing").details().get("positionMs"));
    assertEquals("5000", only(entries, "paused").details().get("positionMs"));
    TimelineEntry stop = only(entries, "stopped");
    assertEquals("USER", stop.details().get("reason"));
    assertEquals("6000", stop.details().get("positionMs"));

    TimelineEntry admitted = only(entries, "admitted");
    assertEquals("account", admitted.source());
    assertEquals("tv-1", admitted.details().get("deviceId"));
    TimelineEntry ended = only(entries, "stream-ended");
    assertEquals("account", ended.source());
    assertEquals("USER", ended.details().get("reason"));
    assertEquals("SYSTEM", ended.details().get("initiatorKind"));
    assertEquals("playhead", ended.details().get("initiatorId"));
    assertEquals("session ended", ended.details().get("why"));
    assertTrue(
        Long.parseLong(ended.details().get("reservedUntilMs")) > stop.atMs(),
        "a user's stop holds the slot for the profile's hand-off");
    assertEquals(stop.atMs(), ended.atMs(), "the account ends the stream when the session stopped");

    String json =
        new ObjectMapper()
            .writeValueAsString(
                timelines
                    .readJson(id)
                    .toCompletableFuture()
                    .get(15, TimeUnit.SECONDS)
                    .orElseThrow());
    assertFalse(json.contains(token), "never a termination token: " + json);
    assertFalse(json.contains(other), "only entries about this session: " + json);
    assertEquals(json, new ObjectMapper().writeValueAsString(TimelineJson.of(timeline, 10_000)));
  }

  @Test
  void aSessionThatNeverExistedHasNoTimeline() throws Exception {
    assertEquals(Optional.empty(), read("it-" + UUID.randomUUID()));
  }

  private static Optional<Timeline> read(String sessionId) {
    try {
      return timelines.read(sessionId).toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("timeline read failed", e);
    }
  }

  private static TimelineEntry only(List<TimelineEntry> entries, String kind) {
    List<TimelineEntry> matching = entries.stream().filter(e -> e.kind().equals(kind)).toList();
    assertEquals(1, matching.size(), kind + " in " + entries);
    return matching.get(0);
  }

  private static String tokenOf(JsonNode problem, String sessionId) {
    for (JsonNode stream : problem.path("streams")) {
      if (stream.path("sessionId").asText().equals(sessionId)) {
        return stream.path("terminationToken").asText();
      }
    }
    return "";
  }
}
