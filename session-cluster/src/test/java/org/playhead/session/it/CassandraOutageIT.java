package org.playhead.session.it;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * Cassandra stopped under live sessions, and started again: heartbeats are answered from memory all
 * along (state changes included, kept pending), no session ends because Cassandra was away, and
 * every session answers normally once it is back, writing what it kept pending.
 *
 * <p>Stops and starts the project's Cassandra (the launcher the build names in {@code
 * playhead.cassandractl}): run it on a Cassandra of its own, as every IT here.
 */
@ExtendWith(NodeLogsOnFailure.class)
class CassandraOutageIT {
  private static final int SESSIONS = 30;

  @Test
  void liveSessionsRideOutACassandraRestart() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (NodeProcess node = NodeProcess.start("outage", NodeProcess.UNLIMITED_STARTS)) {
      NodeLogsOnFailure.watch(node);
      PlayerHttp http = new PlayerHttp(node.baseUrl());
      List<String> sessions = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        String id = "outage-" + run + "-" + i;
        assertEquals(201, http.start(id, "acc-outage-" + run + "-" + i, "title-1").status());
        assertEquals(200, http.heartbeat(id, 1, "p", 1_000).status()); // a state change: written
        sessions.add(id);
      }

      cassandra("stop");
      System.out.println("CassandraOutageIT: Cassandra stopped");
      try {
        // The node learns it from its driver (connections closed): the gauge says when.
        awaitCassandraAvailable(node, false);
        // Heartbeats while Cassandra is away: answered, a pause included (pending, not written).
        for (String id : sessions) {
          var paused = http.heartbeat(id, 2, "a", 2_000);
          assertEquals(200, paused.status(), id + ": " + paused.body());
          assertEquals("PAUSED", paused.text("state"));
          var again = http.heartbeat(id, 3, "a", 2_000);
          assertEquals(200, again.status(), id + ": " + again.body());
        }
        // A start needs its admission written: it cannot succeed now, and it says so.
        var start = http.start("outage-" + run + "-new", "acc-outage-" + run + "-new", "title-1");
        assertEquals(503, start.status(), start.body().toString());
        System.out.println("CassandraOutageIT: every session answered while Cassandra was away");
      } finally {
        cassandra("start");
      }
      long back = System.nanoTime();
      awaitCassandraAvailable(node, true);
      System.out.println(
          "CassandraOutageIT: the node reconnected "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back)
              + " ms after Cassandra answered again");

      List<Long> answeredAfterMs = new ArrayList<>();
      for (String id : sessions) {
        long sn = 4;
        PlayerHttp.Answer answer;
        do {
          answer = http.heartbeat(id, sn++, "a", 2_000);
        } while (answer.status() != 200 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(60));
        assertEquals(200, answer.status(), id + ": " + answer.body());
        assertEquals("PAUSED", answer.text("state"), id + " never ended: " + answer.body());
        answeredAfterMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
      }
      System.out.println(
          "CassandraOutageIT: every session answered again within "
              + answeredAfterMs.get(answeredAfterMs.size() - 1)
              + " ms of Cassandra's return (one after the other: "
              + answeredAfterMs
              + ")");

      // What was pending is in the journal now: each session's last event is its pause.
      try (Journal journal = new Journal()) {
        for (String id : sessions) {
          List<String> manifests = journal.manifestsFor(id);
          assertEquals("PlaybackStateChanged.v1", manifests.get(manifests.size() - 1), id);
          assertEquals(
              2,
              manifests.stream().filter("PlaybackStateChanged.v1"::equals).count(),
              id + ": play, then the pause kept pending: " + manifests);
          assertFalse(manifests.contains("PlaybackStopped.v1"), id + ": " + manifests);
        }
      }
      var fresh = http.start("outage-" + run + "-after", "acc-outage-" + run + "-after", "t");
      assertEquals(201, fresh.status(), fresh.body().toString());
    }
  }

  private static void awaitCassandraAvailable(NodeProcess node, boolean available)
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest scrape =
        HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    String expected = "playhead_cassandra_available " + (available ? "1.0" : "0.0");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!client.send(scrape, HttpResponse.BodyHandlers.ofString()).body().contains(expected)) {
      assertTrue(System.nanoTime() < deadline, "never saw " + expected);
      CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(200, MILLISECONDS))
          .join();
    }
  }

  private static void cassandra(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(System.getProperty("playhead.cassandractl"), command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!p.waitFor(Duration.ofMinutes(4).toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("cassandractl " + command + " failed");
    }
  }
}
