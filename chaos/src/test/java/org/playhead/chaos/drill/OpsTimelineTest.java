package org.playhead.chaos.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.report.DrillReport.Second;
import org.playhead.chaos.report.DrillReport.Stats;

class OpsTimelineTest {

  @Test
  void bucketsBySecondAndCountsRefusalsAsNoError() {
    Ops ops = new Ops();
    for (int i = 0; i < 99; i++) {
      ops.ok(100 + i, "s" + i, 10);
    }
    ops.ok(200, "slow", 900);
    ops.fail(1500, "s1", "503 unavailable").refused(1600, "s2");
    OpsTimeline t = new OpsTimeline(Ops.T0, ops.list());
    assertEquals(2, t.seconds());
    List<Second> series = t.perSecond();
    assertEquals(new Second(0, 100, 0, 10), series.get(0));
    assertEquals(new Second(1, 0, 1, 0), series.get(1));

    Stats all = t.stats(0, 2000);
    assertEquals(102, all.operations());
    assertEquals(100, all.acknowledged());
    assertEquals(1, all.errors());
    assertEquals(1.0 / 102, all.errorRate(), 1e-9);
    assertEquals(10, all.p50Ms());
    assertEquals(10, all.p99Ms()); // the 99th of 100 latencies is still 10 ms
    assertEquals(50.0, all.acknowledgedPerSecond(), 1e-9);
  }

  @Test
  void settlesAtTheFirstWindowBackWithinTheRule() {
    List<String> sessions = List.of("a", "b", "c", "d");
    Ops ops = new Ops().steady(sessions, 0, 10_000, 5);
    ops.steady(sessions, 10_000, 15_000, 300); // slow for 5 s
    ops.fail(12_000, "a", "timeout").fail(13_000, "b", "timeout");
    ops.steady(sessions, 15_000, 30_000, 6);
    OpsTimeline t = new OpsTimeline(Ops.T0, ops.list());
    Stats baseline = t.stats(0, 10_000);
    SettleRule rule = new SettleRule(Duration.ofSeconds(5), 1.5, 20, 0.005);
    assertEquals(15_000, t.settledAtMs(10_000, 30_000, baseline, rule));
    assertEquals(-1, t.settledAtMs(10_000, 19_000, baseline, rule), "window must fit");
  }

  @Test
  void percentilesAreNearestRank() {
    int[] sorted = new int[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertEquals(50, OpsTimeline.percentile(sorted, 0.5));
    assertEquals(99, OpsTimeline.percentile(sorted, 0.99));
    assertEquals(0, OpsTimeline.percentile(new int[0], 0.99));
  }
}
