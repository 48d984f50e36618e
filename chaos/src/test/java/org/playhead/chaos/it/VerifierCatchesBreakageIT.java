package org.playhead.chaos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.chaos.Await;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;
import org.playhead.chaos.load.OperationLedger;
import org.playhead.chaos.load.PlanTier;
import org.playhead.chaos.load.PlayerSimulator;
import org.playhead.chaos.load.PlayerTokens;
import org.playhead.chaos.load.SimulatorConfig;
import org.playhead.chaos.load.SimulatorTuning;
import org.playhead.chaos.verify.DrillVerifier;
import org.playhead.chaos.verify.Rules;
import org.playhead.chaos.verify.VerificationResult;
import org.playhead.chaos.verify.Violation;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * The verifier against real breakage: players run on a real node, then, behind their backs, one
 * session of a full account is terminated by care (its player starts anew and fills the slot), one
 * is stopped at position 0 with its player's token, one journal gets a second writer, the
 * terminated session's end is deleted from its account's journal (which then shows a stream too
 * many), and one "session of a killed node" never existed. The verifier must name exactly those
 * sessions, each under its rule, and nothing else. It writes the journal table over CQL, as a
 * broken or hostile writer would, and never uses the node's classes.
 */
@ExtendWith(NodeLogsOnFailure.class)
class VerifierCatchesBreakageIT {
  private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final PlayerTokens tokens = new PlayerTokens(NodeProcess.DEV_KEYS);

  @Test
  void namesEverySessionThatWasBrokenBehindThePlayersBacks() throws Exception {
    try (NodeProcess node =
            NodeLogsOnFailure.watch(
                NodeProcess.start("break", Map.of("playhead.session.checkpoint-interval", "5s")));
        CqlSession cql =
            CqlSession.builder()
                .addContactPoint(new InetSocketAddress("127.0.0.1", 9042))
                .withLocalDatacenter("datacenter1")
                .build()) {
      List<NodeEndpoint> nodes = List.of(Endpoints.of(node));
      SimulatorConfig config =
          new SimulatorConfig(
              60,
              PlanTier.accountsFor(PlanTier.DEFAULTS, 60),
              Duration.ofSeconds(1),
              1.0 / 3,
              1.0 / 3,
              1.0 / 3,
              0, // no churn: every session plays on, so what breaks is only what this test breaks
              11L);
      PlayerSimulator simulator =
          PlayerSimulator.start(
              config,
              SimulatorTuning.defaults()
                  .withRequestTimeout(Duration.ofSeconds(10))
                  .withRamp(30, 16),
              nodes,
              NodeProcess.DEV_KEYS);
      // Long enough for every session to play past a checkpoint interval and a bit.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Map<String, Long> positions = Map.of();
      while (System.nanoTime() < deadline) {
        Await.elapse(Duration.ofSeconds(2));
        positions = playingPositions(simulator.ledgerSoFar());
        if (positions.values().stream().filter(p -> p > 10_000).count() >= 5) {
          break;
        }
      }
      // 1. Care ends a stream of a full account that nobody in the drill asked to end; its
      // player learns it at its next heartbeat and starts anew, so the account is full again.
      String terminated = null;
      String account = null;
      for (String id : playing(simulator.ledgerSoFar())) {
        String candidate = simulator.ledgerSoFar().ownerOf(id).orElseThrow().accountId();
        var view = accountView(node, candidate);
        if (view.path("activeStreams").size() == view.path("plan").path("maxStreams").asInt()) {
          terminated = id;
          account = candidate;
          break;
        }
      }
      assertTrue(terminated != null, "some account is at its plan limit");
      var terminate =
          post(
              node,
              "/v1/care/sessions/" + terminated + "/terminate",
              tokens.care("agent-7", Duration.ofMinutes(5)),
              "{\"why\":\"test: a stream ended behind the player's back\"}");
      assertEquals(200, terminate.statusCode(), terminate.body());
      String full = account;
      Await.until(
          "account " + full + " is full again",
          Duration.ofSeconds(60),
          Duration.ofMillis(500),
          () -> {
            var view = accountView(node, full);
            return view.path("activeStreams").size()
                == view.path("plan").path("maxStreams").asInt();
          });

      OperationLedger ledger = simulator.stop(false); // sessions stay live
      System.out.println("ledger: " + ledger.counts());
      String terminatedAccount = account;
      List<String> playing =
          playing(ledger).stream()
              .filter(id -> !ledger.ownerOf(id).orElseThrow().accountId().equals(terminatedAccount))
              .toList();
      assertTrue(playing.size() >= 3, "sessions played long enough: " + playing);

      String rewound = playing.get(0);
      String doubleWritten = playing.get(1);
      String answering = playing.get(2);

      // 2. Someone with the player's token stops its session at position 0.
      var rewind =
          post(
              node,
              "/v1/sessions/" + rewound + "/stop",
              tokens.player(ledger.ownerOf(rewound).orElseThrow(), Duration.ofMinutes(5)),
              "{\"reason\":\"user\",\"playheadMs\":0}");
      assertEquals(200, rewind.statusCode(), rewind.body());

      // 3. A second writer writes a sequence number the session's incarnation already wrote.
      Row last =
          cql.execute(
                  "SELECT sequence_nr, timebucket, ser_id, ser_manifest, event FROM playhead.messages"
                      + " WHERE persistence_id = ? AND partition_nr = 0 ORDER BY sequence_nr DESC"
                      + " LIMIT 1",
                  "PlaybackSession|" + doubleWritten)
              .one();
      cql.execute(
          "INSERT INTO playhead.messages (persistence_id, partition_nr, sequence_nr, timestamp,"
              + " timebucket, writer_uuid, ser_id, ser_manifest, event_manifest, event)"
              + " VALUES (?, 0, ?, ?, ?, ?, ?, ?, '', ?)",
          "PlaybackSession|" + doubleWritten,
          last.getLong("sequence_nr"),
          Uuids.timeBased(),
          last.getString("timebucket"),
          "second-writer-" + UUID.randomUUID(),
          last.getInt("ser_id"),
          last.getString("ser_manifest"),
          last.getByteBuffer("event"));

      // 4. The account's journal loses the terminated stream's end: the row is overwritten with a
      // copy of a live stream's admission (a gap in sequence numbers would only stall the journal's
      // readers), so the journal shows one stream too many.
      long endedAt = accountEntry(node, terminated, "stream-ended");
      Set<String> accountSessionsLive = new TreeSet<>();
      for (var stream : accountView(node, account).path("activeStreams")) {
        accountSessionsLive.add(stream.path("sessionId").asText());
      }
      long admittedAt = accountEntry(node, accountSessionsLive.iterator().next(), "admitted");
      Row admission =
          cql.execute(
                  "SELECT ser_id, ser_manifest, event FROM playhead.messages WHERE persistence_id = ?"
                      + " AND partition_nr = 0 AND sequence_nr = ?",
                  "Account|" + account,
                  admittedAt)
              .one();
      Row end =
          cql.execute(
                  "SELECT timestamp, timebucket, writer_uuid FROM playhead.messages WHERE"
                      + " persistence_id = ? AND partition_nr = 0 AND sequence_nr = ?",
                  "Account|" + account,
                  endedAt)
              .one();
      cql.execute(
          "INSERT INTO playhead.messages (persistence_id, partition_nr, sequence_nr, timestamp,"
              + " timebucket, writer_uuid, ser_id, ser_manifest, event_manifest, event)"
              + " VALUES (?, 0, ?, ?, ?, ?, ?, ?, '', ?)",
          "Account|" + account,
          endedAt,
          end.getUuid("timestamp"),
          end.getString("timebucket"),
          end.getString("writer_uuid"),
          admission.getInt("ser_id"),
          admission.getString("ser_manifest"),
          admission.getByteBuffer("event"));
      accountSessionsLive.add(terminated);

      // 5. One "session of a killed node" answers; one never existed.
      String neverStarted = "never-started-" + UUID.randomUUID();

      VerificationResult result =
          new DrillVerifier(
                  nodes,
                  NodeProcess.DEV_KEYS,
                  "127.0.0.1",
                  9042,
                  CHECKPOINT_INTERVAL,
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(5))
              .verify(ledger, Set.of(answering, neverStarted));
      System.out.println("verification: " + result.summary());

      assertFalse(result.passed());
      Map<String, Set<String>> named = new TreeMap<>();
      for (Violation v : result.violations()) {
        named.computeIfAbsent(v.rule(), r -> new TreeSet<>()).addAll(v.sessionIds());
      }
      Map<String, Set<String>> expected = new TreeMap<>();
      expected.put(Rules.NO_SESSION_LOST, new TreeSet<>(Set.of(terminated, rewound)));
      expected.put(Rules.POSITION_KEPT, new TreeSet<>(Set.of(rewound)));
      expected.put(Rules.SINGLE_WRITER, new TreeSet<>(Set.of(doubleWritten)));
      expected.put(Rules.WITHIN_PLAN, new TreeSet<>(accountSessionsLive));
      expected.put(Rules.KILLED_NODE_SESSIONS_ANSWER, new TreeSet<>(Set.of(neverStarted)));
      assertEquals(expected, named, result.summary());

      String lost = result.violationsOf(Rules.NO_SESSION_LOST).toString();
      assertTrue(lost.contains("REVOKED"), "says how the terminated one ended: " + lost);
      assertTrue(lost.contains("agent-7") || lost.contains("timeline"), lost);
    }
  }

  /** Sessions still playing that played past 10 s, by the ledger, sorted. */
  private static List<String> playing(OperationLedger ledger) {
    return playingPositions(ledger).entrySet().stream()
        .filter(e -> e.getValue() > 10_000)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** The last acknowledged position of each session still playing, by the ledger. */
  private static Map<String, Long> playingPositions(OperationLedger ledger) {
    Map<String, Long> positions = new LinkedHashMap<>();
    Set<String> done = new HashSet<>();
    for (Operation op : ledger.operations()) {
      if (op.kind() == OperationKind.STOP || (!op.acknowledged() && op.endedByServer())) {
        done.add(op.sessionId());
      }
      if (op.acknowledged() && op.kind() == OperationKind.HEARTBEAT) {
        positions.put(op.sessionId(), op.positionMs());
      }
    }
    positions.keySet().removeAll(done);
    return positions;
  }

  private com.fasterxml.jackson.databind.JsonNode accountView(NodeProcess node, String account) {
    return careGet(node, "/v1/care/accounts/" + account);
  }

  /** The sequence number of a session's entry of {@code kind} in its account's journal. */
  private long accountEntry(NodeProcess node, String session, String kind) {
    long seq = -1;
    for (var entry : careTimeline(node, session).path("entries")) {
      if (entry.path("source").asText().equals("account")
          && entry.path("kind").asText().equals(kind)) {
        seq = entry.path("sequenceNr").asLong();
      }
    }
    assertTrue(seq > 0, session + " has a " + kind + " entry in its account's journal");
    return seq;
  }

  private com.fasterxml.jackson.databind.JsonNode careTimeline(NodeProcess node, String session) {
    return careGet(node, "/v1/care/sessions/" + session + "/timeline");
  }

  private com.fasterxml.jackson.databind.JsonNode careGet(NodeProcess node, String path) {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                  .header("Authorization", tokens.care("agent-7", Duration.ofMinutes(5)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(
      NodeProcess node, String path, String authorization, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(Endpoints.of(node).apiUrl() + path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
