package org.playhead.session.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
    QoeScript.play(
        "",
        (event, partition) -> aggregates.session(event, partition, NOW),
        (sample, partition) -> aggregates.sample(sample, partition, NOW),
        NOW);
    Map<Key, QoeStats> figures = aggregates.figures(NOW);
    QoeScript.expected("").forEach((key, want) -> want.assertMatches(key, figures.get(key)));
  }

  @Test
  void figuresLeaveTheWindowAsTimePasses() {
    QoeAggregates aggregates = new QoeAggregates(SETTINGS);
    QoeScript.play(
        "",
        (event, partition) -> aggregates.session(event, partition, NOW),
        (sample, partition) -> aggregates.sample(sample, partition, NOW),
        NOW);
    QoeStats later =
        aggregates
            .figures(NOW + Duration.ofMinutes(6).toMillis())
            .getOrDefault(QoeScript.ALL, QoeStats.EMPTY);
    assertEquals(0, later.plays());
    assertEquals(0, later.samples());
    assertEquals(0, later.concurrentPlays());
  }

  @Test
  void aRevokedPartitionsSessionsNoLongerPlayHere() {
    QoeAggregates aggregates = new QoeAggregates(SETTINGS);
    QoeScript.play(
        "",
        (event, partition) -> aggregates.session(event, partition, NOW),
        (sample, partition) -> aggregates.sample(sample, partition, NOW),
        NOW);
    aggregates.forgetPartitions(java.util.Set.of(1, 2));
    assertEquals(1, aggregates.figures(NOW).get(QoeScript.ALL).concurrentPlays(), "s5 is left");
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
      aggregates.session(
          QoeScript.started(title + "-s", title, "cdn-a", "net-1", NOW - 1000), 0, NOW);
    }
    Map<Key, QoeStats> figures = aggregates.figures(NOW);
    assertEquals(1, figures.get(new Key(Dimension.TITLE, "t1")).plays());
    assertEquals(2, figures.get(new Key(Dimension.TITLE, QoeAggregates.OTHER)).plays());
  }
}
