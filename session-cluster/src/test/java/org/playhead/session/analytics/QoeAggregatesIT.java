package org.playhead.session.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.protocol.events.v1.SessionEvent;
import org.playhead.session.analytics.QoeAggregates.Key;
import org.playhead.session.it.Await;
import org.playhead.session.it.KafkaTopic;
import org.playhead.session.it.PlayerHttp;
import org.playhead.session.it.SreHttp;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * The live QoE aggregates of a real node, fed through the real Kafka: the scripted sessions of
 * {@link QoeScript} published as the contract says, read back from the SRE endpoint and the
 * management port's Prometheus metrics, against the figures worked out by hand; and the delay from
 * a real heartbeat to its figure.
 */
@ExtendWith(NodeLogsOnFailure.class)
class QoeAggregatesIT {
  static NodeProcess node;
  static SreHttp sre;

  final String run = "q" + UUID.randomUUID().toString().substring(0, 8) + "-";

  @BeforeAll
  static void startNode() throws Exception {
    java.util.Map<String, String> settings = new java.util.HashMap<>(NodeProcess.UNLIMITED_STARTS);
    // A consumer group of its own: members of earlier tests' nodes hold no partitions of it.
    settings.put("playhead.analytics.aggregates.group-id", "qoe-it-" + UUID.randomUUID());
    node = NodeProcess.start("qoe", settings);
    NodeLogsOnFailure.watch(node);
    sre = new SreHttp(node.baseUrl());
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void aggregatesMatchTheHandComputedFiguresOfAScriptedSetOfSessions() throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopic.BOOTSTRAP);
    long now = System.currentTimeMillis();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    QoeScript.play(
        run,
        (event, partition) ->
            records.add(
                new ProducerRecord<>(
                    "playhead.sessions.v1", event.getSessionId(), event.toByteArray())),
        (sample, partition) ->
            records.add(
                new ProducerRecord<>(
                    "playhead.qoe.v1", sample.getSessionId(), sample.toByteArray())),
        now);
    Map<Key, QoeScript.Expected> expected = QoeScript.expected(run);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      // In a real run a session's lifecycle events reach Kafka seconds after its samples (the
      // journal's events-by-tag delay), and the aggregates read the two topics independently:
      // so the stops go last, once every sample is counted (s3's error sample precedes its stop).
      List<ProducerRecord<String, byte[]>> stops = new ArrayList<>();
      for (ProducerRecord<String, byte[]> record : records) {
        if (record.topic().equals("playhead.sessions.v1")
            && SessionEvent.parseFrom(record.value()).hasStopped()) {
          stops.add(record);
        } else {
          producer.send(record).get();
        }
      }
      Await.until(
          Duration.ofSeconds(60),
          Duration.ofMillis(250),
          () ->
              expected.forEach(
                  (key, want) -> {
                    if (key.dimension() == QoeAggregates.Dimension.TITLE) {
                      JsonNode got = figure(key);
                      assertTrue(got != null, key + " has figures");
                      assertEquals(want.samples(), got.path("samples").asLong(), key + " samples");
                    }
                  }));
      for (ProducerRecord<String, byte[]> record : stops) {
        producer.send(record).get();
      }
    }
    Await.until(
        Duration.ofSeconds(60),
        Duration.ofMillis(250),
        () -> {
          for (Map.Entry<Key, QoeScript.Expected> e : expected.entrySet()) {
            assertFigure(e.getKey(), e.getValue(), figure(e.getKey()));
          }
        });
    // The same sums on the management port, for Prometheus (refreshed every 5 s).
    SreHttp management = new SreHttp(node.managementUrl());
    Await.until(
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        () ->
            assertTrue(
                management
                    .get("/metrics")
                    .text()
                    .contains(
                        "playhead_qoe_window_plays{dimension=\"title\",key=\""
                            + run
                            + "title-b\"} 3.0"),
                "title-b's plays are exported"));
  }

  @Test
  void aHeartbeatReachesItsFigureWithinSeconds() {
    PlayerHttp players = new PlayerHttp(node.baseUrl());
    String session = run + "live";
    String title = run + "live-title";
    Await.until(
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> assertEquals(201, players.start(session, "acc-" + session, title).status()));
    long sentAt = System.nanoTime();
    assertEquals(200, players.heartbeat(session, 1, "p", 1_000).status());
    Key key = new Key(QoeAggregates.Dimension.TITLE, title);
    Await.until(
        Duration.ofSeconds(30),
        Duration.ofMillis(20),
        () -> assertTrue(figure(key) != null && figure(key).path("samples").asLong() >= 1));
    System.out.printf(
        "QoeAggregatesIT: a heartbeat's QoE sample reached the SRE endpoint's figures after %d ms%n",
        (System.nanoTime() - sentAt) / 1_000_000);
  }

  private static JsonNode figure(Key key) {
    SreHttp.Answer answer =
        sre.get("/v1/sre/qoe?dimension=" + key.dimension().label() + "&key=" + key.value());
    assertEquals(200, answer.status(), answer.text());
    JsonNode figures = answer.json().path("figures");
    return figures.isEmpty() ? null : figures.get(0);
  }

  private static void assertFigure(Key key, QoeScript.Expected want, JsonNode got) {
    assertTrue(got != null, key + " has figures");
    assertEquals(want.concurrentPlays(), got.path("concurrentPlays").asLong(), key + " concurrent");
    assertEquals(want.plays(), got.path("plays").asLong(), key + " plays");
    assertEquals(want.videoStarts(), got.path("videoStarts").asLong(), key + " video starts");
    assertEquals(want.startupP50Ms(), got.path("videoStartupP50Ms").asLong(), key + " p50");
    assertEquals(want.startupP95Ms(), got.path("videoStartupP95Ms").asLong(), key + " p95");
    assertEquals(
        want.videoStartFailures(), got.path("videoStartFailures").asLong(), key + " failures");
    assertEquals(
        want.exitsBeforeVideoStart(), got.path("exitsBeforeVideoStart").asLong(), key + " exits");
    assertEquals(
        want.rebufferingRatio(), got.path("rebufferingRatio").asDouble(), 1e-9, key + " ratio");
    assertEquals(
        want.averageBitrateKbps(), got.path("averageBitrateKbps").asLong(), key + " bitrate");
    assertEquals(want.errorRate(), got.path("errorRate").asDouble(), 1e-9, key + " error rate");
    assertEquals(want.samples(), got.path("samples").asLong(), key + " samples");
    assertEquals(
        want.playedMs() / 1000.0, got.path("playedSeconds").asDouble(), 1e-9, key + " played");
  }
}
