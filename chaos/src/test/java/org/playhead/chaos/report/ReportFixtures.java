package org.playhead.chaos.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.playhead.chaos.report.DrillReport.FaultReport;
import org.playhead.chaos.report.DrillReport.Phase;
import org.playhead.chaos.report.DrillReport.Recovery;
import org.playhead.chaos.report.DrillReport.Second;
import org.playhead.chaos.report.DrillReport.Stats;

/** A small but complete report. */
final class ReportFixtures {
  private ReportFixtures() {}

  static DrillReport failedWithAKill() {
    List<Second> timeline = new java.util.ArrayList<>();
    for (int s = 0; s < 60; s++) {
      boolean hurt = s >= 20 && s < 32;
      timeline.add(new Second(s, hurt ? 600 : 1000, hurt ? 80 : 0, hurt ? 900 : 6));
    }
    FaultReport kill =
        new FaultReport(
            1,
            "kill9:random",
            "node-2",
            20_000,
            4_100L,
            11_900L,
            12_800L,
            13_500L,
            12_950L,
            16_000L,
            Map.of(),
            312,
            1664,
            new Recovery(1664, 1663, 0, 13_100L, 14_900L, 15_200L, List.of("s-<never>")),
            List.of(
                new Phase("detect", 0, 4_100, 5000, 400, Map.of("503 unavailable", 400L)),
                new Phase("decide", 4_100, 11_900, 9000, 700, Map.of("io <timeout>", 700L)),
                new Phase("move", 11_900, 12_800, 1000, 30, Map.of()),
                new Phase("recover", 12_800, 12_950, 200, 0, Map.of()),
                new Phase("settle", 12_950, 16_000, 3000, 2, Map.of())),
            List.of("a note & more"));
    return new DrillReport(
        "drill-20260105-100000-abcd",
        DrillReport.FAILED,
        Instant.parse("2026-01-05T10:00:00Z"),
        Instant.parse("2026-01-05T10:01:10Z"),
        new DrillReport.PlanSummary(
            3, 5000, 2600, 2000, 0.3, 0.3, 0.4, 5.0, 7, List.of("kill9:random"), 15_000),
        Map.of("pekko.cluster.split-brain-resolver.stable-after", "7s"),
        new Stats(5_000, 20_000, 15_000, 14_990, 1, 999.3, 0.0001, 3, 9),
        List.of(kill),
        new DrillReport.Verification(
            false,
            List.of(
                new DrillReport.ViolationView(
                    "no-session-lost", 1, List.of("s-<script>alert(1)</script>"), "gone")),
            Map.of("sessions", 5000L)),
        timeline,
        List.of(new DrillReport.Membership(24_100, "node-1", "node-2", "unreachable")),
        new DrillReport.Totals(
            150_000,
            148_000,
            1200,
            800,
            Map.of("HEARTBEAT", 140_000L),
            Map.of("503 unavailable", 400L)),
        null);
  }
}
