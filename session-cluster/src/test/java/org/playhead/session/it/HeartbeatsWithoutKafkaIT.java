package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * Heartbeats are answered as fast with Kafka gone as with it there: their QoE samples are dropped
 * and counted instead of waited for. The node's QoE buffers are made small so that they fill within
 * the test (as they would within seconds at production rates).
 */
@ExtendWith(NodeLogsOnFailure.class)
class HeartbeatsWithoutKafkaIT {
  static final int SESSIONS = 20;
  static final int MEASURED = 400;
  static final Pattern DROPPED =
      Pattern.compile("playhead_qoe_samples_total\\{outcome=\"dropped\"} ([0-9.E]+)");

  final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aHeartbeatsLatencyDoesNotChangeWhileKafkaIsDown() throws Exception {
    Map<String, String> settings = new HashMap<>(NodeProcess.UNLIMITED_STARTS);
    settings.put("playhead.analytics.qoe.buffer", "64");
    settings.put("playhead.analytics.qoe.producer-buffer", "262144");
    // Latency, not the per-session budget, is measured: each session takes a heartbeat every
    // few milliseconds here, far above what one honest player sends.
    settings.put("playhead.session.budget.report-burst", "100000");
    settings.put("playhead.session.budget.reports-per-second", "1000");
    try (NodeProcess node = NodeProcess.start("no-kafka", settings)) {
      NodeLogsOnFailure.watch(node);
      PlayerHttp players = new PlayerHttp(node.baseUrl());
      SreHttp management = new SreHttp(node.managementUrl());
      List<String> sessions =
          IntStream.range(0, SESSIONS).mapToObj(i -> "hb-" + run + "-" + i).toList();
      for (String session : sessions) {
        Await.until(
            Duration.ofSeconds(60),
            Duration.ofMillis(200),
            () -> assertEquals(201, players.start(session, "acc-" + session, "t-" + run).status()));
      }
      long[] sn = new long[SESSIONS];
      // Warm-up; the producer's first sends wait for the broker's metadata, so the small queue
      // may drop a few samples at the very start.
      heartbeats(players, sessions, sn, 2 * MEASURED);
      long[] withKafka = heartbeats(players, sessions, sn, MEASURED);

      KafkaBroker.stop();
      long[] withoutKafka;
      try {
        // Until the producer's buffer and the queue are full and samples are being dropped.
        Await.until(
            Duration.ofSeconds(120),
            Duration.ofMillis(1),
            () -> {
              heartbeats(players, sessions, sn, SESSIONS);
              assertTrue(dropped(management) > 0, "samples dropped");
            });
        double droppedBefore = dropped(management);
        withoutKafka = heartbeats(players, sessions, sn, MEASURED);
        assertTrue(dropped(management) > droppedBefore, "dropped while measured");
      } finally {
        KafkaBroker.start();
      }
      long upP50 = percentile(withKafka, 50);
      long upP95 = percentile(withKafka, 95);
      long downP50 = percentile(withoutKafka, 50);
      long downP95 = percentile(withoutKafka, 95);
      System.out.printf(
          "HeartbeatsWithoutKafkaIT: heartbeat latency with Kafka p50 %.2f ms p95 %.2f ms;"
              + " without Kafka (samples dropped) p50 %.2f ms p95 %.2f ms%n",
          upP50 / 1e6, upP95 / 1e6, downP50 / 1e6, downP95 / 1e6);
      // The same distribution, allowing for a loaded two-core machine; a heartbeat that waited
      // for Kafka would take the producer's max.block.ms (1 s) or fail.
      assertTrue(
          downP50 <= 2 * upP50 + Duration.ofMillis(5).toNanos(),
          "p50 " + downP50 + " ns vs " + upP50 + " ns with Kafka");
      assertTrue(
          downP95 <= 2 * upP95 + Duration.ofMillis(20).toNanos(),
          "p95 " + downP95 + " ns vs " + upP95 + " ns with Kafka");
    }
  }

  /** {@code count} heartbeats round the sessions, each answered 200; their latencies (ns). */
  private static long[] heartbeats(
      PlayerHttp players, List<String> sessions, long[] sn, int count) {
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      int s = i % sessions.size();
      sn[s]++;
      long start = System.nanoTime();
      PlayerHttp.Answer answer = players.heartbeat(sessions.get(s), sn[s], "p", sn[s] * 1000);
      nanos[i] = System.nanoTime() - start;
      assertEquals(200, answer.status(), answer.body().toString());
    }
    return nanos;
  }

  private static double dropped(SreHttp management) {
    Matcher m = DROPPED.matcher(management.get("/metrics").text());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static long percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(p / 100 * sorted.length) - 1];
  }
}
