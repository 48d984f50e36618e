package org.playhead.chaos.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.List;
import java.util.Locale;

/**
 * A report as one self-contained HTML page, from the jte template {@code src/main/jte/report.jte}
 * (compiled with the module, escaping every value from the report): summary, a timeline chart
 * (inline SVG from {@link ReportChart}), the failover phases with the errors players saw in each,
 * the verification, and the settings the nodes ran with. No script, no external resource: it can be
 * mailed or attached to a ticket as it is.
 */
public final class ReportHtml {
  private static final int MAX_LISTED = 20;

  /** The precompiled templates of this package, built once. */
  private static final TemplateEngine TEMPLATES =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, ReportHtml.class.getClassLoader(), "org.playhead.chaos.report");

  private ReportHtml() {}

  public static String render(DrillReport report) {
    StringOutput out = new StringOutput(64 * 1024);
    TEMPLATES.render(
        "report.jte",
        new ReportPage(report, report.timeline().isEmpty() ? null : ReportChart.of(report)),
        out);
    return out.toString();
  }

  /** What the template renders: the report and its chart (none without a timeline). */
  record ReportPage(DrillReport report, ReportChart chart) {}

  // ---- formatting, for the template

  /** A coordinate, to a tenth. */
  static String num(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String ms(Long ms) {
    return ms == null ? "-" : seconds(ms);
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  static String baseline(DrillReport.Stats b) {
    return String.format(
        Locale.ROOT,
        "%.0f acknowledged/s, error rate %.3f%%, p50 %d ms, p99 %d ms (from +%s to +%s)",
        b.acknowledgedPerSecond(),
        b.errorRate() * 100,
        b.p50Ms(),
        b.p99Ms(),
        seconds(b.fromMs()),
        seconds(b.toMs()));
  }

  static String recovery(DrillReport.Recovery r) {
    if (r == null) {
      return "-";
    }
    String s = r.recovered() + " of " + r.sessions();
    if (r.endedByServer() > 0) {
      s += " (" + r.endedByServer() + " ended by the server)";
    }
    if (r.p50Ms() != null) {
      s += " (p50 " + ms(r.p50Ms()) + ", p99 " + ms(r.p99Ms()) + ", max " + ms(r.maxMs()) + ")";
    }
    return s;
  }

  /** A violation's sessions, the first few by name (all of them are in report.json). */
  static String listed(List<String> ids) {
    String listed = String.join(", ", ids.subList(0, Math.min(MAX_LISTED, ids.size())));
    if (ids.size() > MAX_LISTED) {
      listed += " and " + (ids.size() - MAX_LISTED) + " more (all in report.json)";
    }
    return listed;
  }
}
