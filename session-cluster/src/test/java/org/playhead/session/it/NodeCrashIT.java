package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.playhead.session.it.SingleNodeIT.awaitAssert;

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
 * The durability contract against a real kill -9: what a node acknowledged is back from Cassandra
 * on the next node; what it only held in memory (position since the last checkpoint) may be lost;
 * and a session whose player and node both vanished still ends as expired.
 */
@ExtendWith(NodeLogsOnFailure.class)
class NodeCrashIT {
  static Journal journal;

  @BeforeAll
  static void connect() {
    journal = new Journal();
  }

  @AfterAll
  static void disconnect() {
    journal.close();
  }

  @Test
  void acknowledgedStateSurvivesKill9AndRestart() throws Exception {
    String playing = "crash-" + UUID.randomUUID();
    String stopped = "crash-" + UUID.randomUUID();

    NodeProcess first = NodeProcess.start("crash-first", Map.of());
    NodeLogsOnFailure.watch(first);
    PlayerHttp before = new PlayerHttp(first.baseUrl());
    assertEquals(201, before.start(playing, "acc-crash-" + playing, "title-1").status());
    before.heartbeat(playing, 1, "p", 10_000);
    before.heartbeat(playing, 2, "a", 20_000); // pause: persisted
    before.heartbeat(playing, 3, "p", 21_000); // resume: persisted
    before.heartbeat(playing, 4, "p", 25_000); // memory only
    assertEquals(25_000, before.get("/v1/sessions/" + playing).body().path("positionMs").asLong());
    assertEquals(201, before.start(stopped, "acc-crash-" + playing, "title-2").status());
    assertEquals(
        200,
        before.postJson("/v1/sessions/" + stopped + "/stop", "{\"playheadMs\":5000}").status());

    first.kill9();

    try (NodeProcess second = NodeProcess.start("crash-second", Map.of())) {
      NodeLogsOnFailure.watch(second);
      PlayerHttp after = before.at(second.baseUrl());
      var recovered = after.get("/v1/sessions/" + playing);
      assertEquals(200, recovered.status());
      assertEquals("PLAYING", recovered.text("state"));
      assertEquals(21_000, recovered.body().path("positionMs").asLong(), "last checkpoint");
      assertEquals(3, recovered.body().path("lastSequenceNumber").asLong());

      var stop = after.get("/v1/sessions/" + stopped);
      assertEquals("STOPPED", stop.text("state"));
      assertEquals("USER", stop.text("stopReason"));
      assertEquals(5_000, stop.body().path("positionMs").asLong());

      // The player re-sends what the dead node never persisted; it applies on the new node.
      var resent = after.heartbeat(playing, 4, "p", 25_000);
      assertEquals(200, resent.status());
      assertEquals(true, resent.body().path("applied").asBoolean());
      assertEquals(25_000, resent.body().path("positionMs").asLong());
    }
  }

  @Test
  void aSessionExpiresAfterItsNodeIsGone() throws Exception {
    String id = "expiry-" + UUID.randomUUID();
    Map<String, String> shortLease = Map.of("playhead.session.lease-ttl", "4s");

    NodeProcess first = NodeProcess.start("expiry-first", shortLease);
    NodeLogsOnFailure.watch(first);
    PlayerHttp before = new PlayerHttp(first.baseUrl());
    before.start(id, "acc-expiry-" + id, "title-1");
    var lastBeat = before.heartbeat(id, 1, "p", 3_000); // a state change: persisted
    long lastHeartbeatAt = lastBeat.body().path("leaseExpiresAtMs").asLong() - 4_000;
    first.kill9();

    try (NodeProcess second = NodeProcess.start("expiry-second", shortLease)) {
      NodeLogsOnFailure.watch(second);
      PlayerHttp after = before.at(second.baseUrl());
      long recoveredFrom = System.currentTimeMillis();
      after.get("/v1/sessions/" + id); // recovers the entity on the new node
      // Nobody touches it again: its recovered lease timer must end it, a lease after recovery
      // (the persisted heartbeat time may be a checkpoint interval old; see PlaybackSession).
      awaitAssert(
          () -> {
            List<String> manifests = journal.manifestsFor(id); // one read: it grows meanwhile
            assertEquals("PlaybackStopped.v1", manifests.get(manifests.size() - 1));
          });
      var expired = after.get("/v1/sessions/" + id);
      assertEquals("STOPPED", expired.text("state"));
      assertEquals("EXPIRED", expired.text("stopReason"));
      long stoppedAt = expired.body().path("stoppedAtMs").asLong();
      assertTrue(stoppedAt >= recoveredFrom + 4_000, "a lease after recovery: " + stoppedAt);
      assertTrue(stoppedAt > lastHeartbeatAt + 4_000, "later than the persisted lease");
      assertEquals(3_000, expired.body().path("positionMs").asLong());
    }
  }
}
