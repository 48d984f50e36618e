package org.playhead.session.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.playhead.protocol.events.v1.QoeSample;
import org.playhead.protocol.events.v1.SessionContext;
import org.playhead.protocol.events.v1.SessionEvent;
import org.playhead.protocol.events.v1.SessionStarted;
import org.playhead.protocol.events.v1.SessionStopped;
import org.playhead.protocol.events.v1.VideoStarted;
import org.playhead.session.analytics.QoeAggregates.Dimension;
import org.playhead.session.analytics.QoeAggregates.Key;

/**
 * A scripted set of sessions against figures worked out by hand (the same script drives
 * QoeAggregatesIT through the real Kafka).
 */
class QoeAggregatesTest {
  static final AnalyticsSettings.Aggregates SETTINGS =
      new AnalyticsSettings.Aggregates(
          true,
          "test",
          Duration.ofMinutes(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(90),
          10_000,
          100,
          1000,
          50);

  /** Now, on a bucket boundary plus a little. */
  static final long NOW = 1_800_000_000_000L + 3_000;

  @Test
  void figuresMatchTheHandComputedExpectation() {
    QoeAggregates aggregates = new QoeAggregates(SETTINGS);
    Script.play(
        (event, partition) -> aggregates.session(event, partition, NOW),
        (sample, partition) -> aggregates.sample(sample, partition, NOW),
        NOW);
    Map<Key, QoeStats> figures = aggregates.figures(NOW);
    Script.assertExpected(figures);
  }

  @Test
  void figuresLeaveTheWindowAsTimePasses() {
    QoeAggregates aggregates = new QoeAggregates(SETTINGS);
    Script.play(
        (event, partition) -> aggregates.session(event, partition, NOW),
        (sample, partition) -> aggregates.sample(sample, partition, NOW),
        NOW);
    QoeStats later =
        aggregates
            .figures(NOW + Duration.ofMinutes(6).toMillis())
            .getOrDefault(Script.ALL, QoeStats.EMPTY);
    assertEquals(0, later.plays());
    assertEquals(0, later.samples());
    assertEquals(0, later.concurrentPlays());
  }

  @Test
  void aRevokedPartitionsSessionsNoLongerPlayHere() {
    QoeAggregates aggregates = new QoeAggregates(SETTINGS);
    Script.play(
        (event, partition) -> aggregates.session(event, partition, NOW),
        (sample, partition) -> aggregates.sample(sample, partition, NOW),
        NOW);
    aggregates.forgetPartitions(java.util.Set.of(1, 2));
    assertEquals(1, aggregates.figures(NOW).get(Script.ALL).concurrentPlays(), "s5 is left");
  }

  @Test
  void valuesBeyondADimensionsCapCountAsOther() {
    AnalyticsSettings.Aggregates two =
        new AnalyticsSettings.Aggregates(
            true,
            "t",
            Duration.ofMinutes(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(90),
            100,
            2,
            10,
            50);
    QoeAggregates aggregates = new QoeAggregates(two);
    for (String title : new String[] {"t1", "t2", "t3", "t4"}) {
      aggregates.session(Script.started(title + "-s", title, "cdn-a", "net-1", NOW - 1000), 0, NOW);
    }
    Map<Key, QoeStats> figures = aggregates.figures(NOW);
    assertEquals(1, figures.get(new Key(Dimension.TITLE, "t1")).plays());
    assertEquals(2, figures.get(new Key(Dimension.TITLE, QoeAggregates.OTHER)).plays());
  }

  /** The scripted sessions and their expected figures. */
  static final class Script {
    static final Key ALL = new Key(Dimension.ALL, "all");

    interface Events {
      void accept(SessionEvent event, int partition);
    }

    interface Samples {
      void accept(QoeSample sample, int partition);
    }

    static SessionContext context(String title, String pathway, String network) {
      return SessionContext.newBuilder()
          .setAccountId("acc")
          .setTitleId(title)
          .setPathway(pathway)
          .setClientNetwork(network)
          .build();
    }

    static SessionEvent started(String id, String title, String pathway, String network, long at) {
      return SessionEvent.newBuilder()
          .setSessionId(id)
          .setEventId(id + "/1/0")
          .setOccurredAtMs(at)
          .setContext(context(title, pathway, network))
          .setStarted(SessionStarted.getDefaultInstance())
          .build();
    }

    static SessionEvent videoStarted(
        String id, String title, String pathway, String network, long at, long startupMs) {
      return SessionEvent.newBuilder()
          .setSessionId(id)
          .setEventId(id + "/2/0")
          .setOccurredAtMs(at)
          .setContext(context(title, pathway, network))
          .setVideoStarted(VideoStarted.newBuilder().setStartupTimeMs(startupMs))
          .build();
    }

    static SessionEvent stoppedBeforeVideo(
        String id, String title, String pathway, String network, long at) {
      return SessionEvent.newBuilder()
          .setSessionId(id)
          .setEventId(id + "/9/0")
          .setOccurredAtMs(at)
          .setContext(context(title, pathway, network))
          .setStopped(SessionStopped.newBuilder().setReason("user").setVideoStarted(false))
          .build();
    }

    static QoeSample sample(
        String id,
        String title,
        String pathway,
        String network,
        long at,
        long playedMs,
        long rebufferingMs,
        long bitrateKbps,
        boolean error) {
      return QoeSample.newBuilder()
          .setSessionId(id)
          .setSampledAtMs(at)
          .setContext(context(title, pathway, network))
          .setPlayedMs(playedMs)
          .setRebufferingMs(rebufferingMs)
          .setBitrateKbps(bitrateKbps)
          .setError(error)
          .build();
    }

    /** Six sessions, times relative to {@code now}; a session keeps one partition. */
    static void play(Events events, Samples samples, long now) {
      long s = 1000;
      // s1: title-a on cdn-a from net-1, first frame after 2 s; 28 s played at 3000 kbps, then
      // 15 s at 4000 kbps with a 5 s stall.
      events.accept(started("s1", "title-a", "cdn-a", "net-1", now - 60 * s), 1);
      events.accept(videoStarted("s1", "title-a", "cdn-a", "net-1", now - 58 * s, 2000), 1);
      samples.accept(
          sample("s1", "title-a", "cdn-a", "net-1", now - 30 * s, 28_000, 0, 3000, false), 1);
      samples.accept(
          sample("s1", "title-a", "cdn-a", "net-1", now - 10 * s, 15_000, 5_000, 4000, false), 1);
      // s2: title-a on cdn-b from net-1, first frame after 1 s; 29 s at 5000 kbps, an error.
      events.accept(started("s2", "title-a", "cdn-b", "net-1", now - 50 * s), 2);
      events.accept(videoStarted("s2", "title-a", "cdn-b", "net-1", now - 49 * s, 1000), 2);
      samples.accept(
          sample("s2", "title-a", "cdn-b", "net-1", now - 20 * s, 29_000, 0, 5000, true), 2);
      // s3: title-b on cdn-a from net-2: a fatal error, then gone before video: a failure.
      events.accept(started("s3", "title-b", "cdn-a", "net-2", now - 40 * s), 3);
      samples.accept(sample("s3", "title-b", "cdn-a", "net-2", now - 35 * s, 0, 0, 0, true), 3);
      events.accept(stoppedBeforeVideo("s3", "title-b", "cdn-a", "net-2", now - 30 * s), 3);
      // s4: title-b, gone before video without an error: an exit before video start.
      events.accept(started("s4", "title-b", "cdn-a", "net-2", now - 20 * s), 4);
      events.accept(stoppedBeforeVideo("s4", "title-b", "cdn-a", "net-2", now - 15 * s), 4);
      // s5: title-a, started before the window; plays 30 s at 2000 kbps now.
      events.accept(started("s5", "title-a", "cdn-a", "net-1", now - 400 * s), 5);
      events.accept(videoStarted("s5", "title-a", "cdn-a", "net-1", now - 398 * s, 9000), 5);
      samples.accept(
          sample("s5", "title-a", "cdn-a", "net-1", now - 5 * s, 30_000, 0, 2000, false), 5);
      // s6: title-b, silent for longer than the lease: not playing, though it started in the
      // window.
      events.accept(started("s6", "title-b", "cdn-a", "net-2", now - 200 * s), 6);
      samples.accept(
          sample("s6", "title-b", "cdn-a", "net-2", now - 150 * s, 20_000, 0, 3000, false), 6);
    }

    static void assertExpected(Map<Key, QoeStats> figures) {
      QoeStats all = figures.get(ALL);
      assertEquals(3, all.concurrentPlays(), "s1, s2, s5 play; s3, s4 stopped; s6 is silent");
      assertEquals(5, all.plays(), "s5 started before the window");
      assertEquals(2, all.videoStarts());
      assertEquals(1000, all.startupPercentileMs(50));
      assertEquals(2000, all.startupPercentileMs(95));
      assertEquals(1, all.videoStartFailures());
      assertEquals(1, all.exitsBeforeVideoStart());
      assertEquals(6, all.samples());
      assertEquals(2.0 / 6, all.errorRate(), 1e-9);
      assertEquals(122_000, all.playedMs());
      assertEquals(5_000, all.rebufferingMs());
      assertEquals(5.0 / 127, all.rebufferingRatio(), 1e-9);
      assertEquals(409_000 * 1000L / 122_000, all.averageBitrateKbps());

      QoeStats titleA = figures.get(new Key(Dimension.TITLE, "title-a"));
      assertEquals(3, titleA.concurrentPlays());
      assertEquals(2, titleA.plays());
      assertEquals(0, titleA.videoStartFailures() + titleA.exitsBeforeVideoStart());
      assertEquals(102_000, titleA.playedMs());
      assertEquals(349_000 * 1000L / 102_000, titleA.averageBitrateKbps());
      assertEquals(0.25, titleA.errorRate(), 1e-9);

      QoeStats titleB = figures.get(new Key(Dimension.TITLE, "title-b"));
      assertEquals(0, titleB.concurrentPlays());
      assertEquals(3, titleB.plays());
      assertEquals(1, titleB.videoStartFailures());
      assertEquals(1, titleB.exitsBeforeVideoStart());
      assertEquals(-1, titleB.startupPercentileMs(50));

      QoeStats cdnB = figures.get(new Key(Dimension.PATHWAY, "cdn-b"));
      assertEquals(1, cdnB.concurrentPlays());
      assertEquals(1.0, cdnB.errorRate(), 1e-9);
      assertEquals(5000, cdnB.averageBitrateKbps());

      QoeStats net2 = figures.get(new Key(Dimension.NETWORK, "net-2"));
      assertEquals(3, net2.plays());
      assertEquals(0.5, net2.errorRate(), 1e-9);
    }
  }
}
