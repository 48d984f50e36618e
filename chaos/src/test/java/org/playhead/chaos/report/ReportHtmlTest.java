package org.playhead.chaos.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportHtmlTest {

  @Test
  void aPageWithTheChartPhasesAndViolationsAndNothingExternal() {
    String html = ReportHtml.render(ReportFixtures.failedWithAKill());
    assertTrue(html.startsWith("<!doctype html>"));
    assertTrue(html.contains("<svg class=\"chart\""));
    assertTrue(html.contains("<polyline class=\"ok\""));
    assertTrue(html.contains("<rect class=\"err\""));
    assertTrue(html.contains("<title>detect +4.1 s</title>"));
    assertTrue(html.contains("FAILED"));
    assertTrue(html.contains("<td>kill9:random</td><td>node-2</td><td>4.1 s</td><td>11.9 s</td>"));
    assertTrue(html.contains("no-session-lost"));
    assertTrue(html.contains("1663 of 1664 (p50 13.1 s, p99 14.9 s, max 15.2 s)"));
    assertTrue(html.contains("pekko.cluster.split-brain-resolver.stable-after"));
    // Self-contained: no script, no external resource.
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("src=\"http"));
    assertFalse(html.contains("href=\"http"));
    // Every value from the report is escaped.
    assertTrue(html.contains("s-&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("io &lt;timeout&gt;"));
    assertTrue(html.contains("a note &amp; more"));
  }

  @Test
  void anErrorReportStillRenders() {
    DrillReport error =
        new DrillReport(
            "drill-x",
            DrillReport.ERROR,
            java.time.Instant.EPOCH,
            java.time.Instant.EPOCH,
            null,
            Map.of(),
            null,
            List.of(),
            null,
            List.of(),
            List.of(),
            null,
            "node-1 exited while starting");
    String html = ReportHtml.render(error);
    assertTrue(html.contains("The drill did not finish: node-1 exited while starting"));
    assertFalse(html.contains("<svg"));
  }

  @Test
  void niceCeilingsForAxes() {
    assertEquals(1, ReportChart.niceCeiling(1));
    assertEquals(1000, ReportChart.niceCeiling(999));
    assertEquals(2000, ReportChart.niceCeiling(1001));
    assertEquals(50, ReportChart.niceCeiling(41));
  }

  @Test
  void filesRoundTripThroughJson(@TempDir Path dir) throws Exception {
    DrillReport report = ReportFixtures.failedWithAKill();
    ReportFiles.write(dir, report);
    DrillReport back = ReportJson.read(Files.readString(dir.resolve(ReportFiles.JSON)));
    assertEquals(report, back);
    assertTrue(Files.readString(dir.resolve(ReportFiles.HTML)).contains("<svg"));
    assertTrue(
        Files.readString(dir.resolve(ReportFiles.JSON))
            .contains("\"startedAt\" : \"2026-01-05T10:00:00Z\""));
  }
}
