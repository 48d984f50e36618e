package org.playhead.chaos.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.playhead.chaos.report.DrillReport.FaultReport;
import org.playhead.chaos.report.DrillReport.Phase;
import org.playhead.chaos.report.DrillReport.Second;
import org.playhead.chaos.report.DrillReport.Stats;

/**
 * A report as one self-contained HTML page: summary, a timeline chart (inline SVG: acknowledged
 * operations and errors per second, p99 latency, faults and their phases), the failover phases with
 * the errors players saw in each, the verification, and the settings the nodes ran with. No script,
 * no external resource: it can be mailed or attached to a ticket as it is.
 */
public final class ReportHtml {
  private static final int WIDTH = 960;
  private static final int HEIGHT = 300;
  private static final int LEFT = 56;
  private static final int RIGHT = 56;
  private static final int TOP = 28;
  private static final int BOTTOM = 36;
  private static final int MAX_LISTED = 20;
  private static final String[] PHASE_ORDER = {"detect", "decide", "move", "recover", "settle"};

  private ReportHtml() {}

  public static String render(DrillReport r) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Playhead drill ")
        .append(esc(r.id()))
        .append(": ")
        .append(esc(r.outcome()))
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style></head>\n<body>\n");
    h.append("<h1>Drill ")
        .append(esc(r.id()))
        .append(" <span class=\"badge ")
        .append(esc(r.outcome()))
        .append("\">")
        .append(esc(r.outcome().toUpperCase(Locale.ROOT)))
        .append("</span></h1>\n");
    summary(h, r);
    if (r.error() != null) {
      h.append("<p class=\"error\">The drill did not finish: ")
          .append(esc(r.error()))
          .append("</p>\n");
    }
    if (!r.timeline().isEmpty()) {
      h.append("<h2>Timeline</h2>\n");
      chart(h, r);
    }
    if (!r.faults().isEmpty()) {
      failovers(h, r);
    }
    verification(h, r);
    baseline(h, r);
    tuning(h, r);
    membership(h, r);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, DrillReport r) {
    DrillReport.PlanSummary p = r.plan();
    h.append("<table class=\"kv\">");
    row(h, "started", String.valueOf(r.startedAt()));
    row(h, "finished", String.valueOf(r.finishedAt()));
    if (p != null) {
      row(h, "cluster", p.nodes() + " nodes");
      row(
          h,
          "players",
          p.sessions()
              + " sessions over "
              + p.accounts()
              + " accounts, heartbeat every "
              + seconds(p.heartbeatIntervalMs())
              + ", churn "
              + p.churnPerSecond()
              + "/s");
      row(
          h,
          "transports",
          String.format(
              Locale.ROOT,
              "gRPC unary %.0f%%, gRPC stream %.0f%%, HTTP %.0f%%",
              p.grpcUnaryShare() * 100,
              p.grpcStreamShare() * 100,
              p.httpShare() * 100));
      row(h, "faults", String.join(", ", p.faults()));
      row(h, "baseline", seconds(p.baselineMs()) + ", seed " + p.seed());
    }
    h.append("</table>\n");
  }

  // ---- chart

  private static void chart(StringBuilder h, DrillReport r) {
    List<Second> all = r.timeline();
    // The chart starts with the players: the cluster's start before them is empty.
    int first = 0;
    while (first < all.size() - 1 && all.get(first).acknowledged() + all.get(first).errors() == 0) {
      first++;
    }
    first = Math.max(0, first - 2);
    List<Second> series = all.subList(first, all.size());
    int n = series.size();
    long maxOps = 1;
    long maxP99 = 1;
    for (Second s : series) {
      maxOps = Math.max(maxOps, Math.max(s.acknowledged(), s.errors()));
      maxP99 = Math.max(maxP99, s.p99Ms());
    }
    maxOps = niceCeiling(maxOps);
    maxP99 = niceCeiling(maxP99);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double dx = plotW / Math.max(1, n);
    final int origin = first;
    java.util.function.DoubleUnaryOperator xOf = ms -> LEFT + (ms / 1000.0 - origin) * dx;
    h.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append(
            "\" role=\"img\" aria-label=\"operations per second and p99 latency over the drill\">\n");
    if (r.baseline() != null) {
      double b0 = xOf.applyAsDouble(r.baseline().fromMs());
      double b1 = xOf.applyAsDouble(r.baseline().toMs());
      h.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"base\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\"/>"
                  + "<text class=\"flabel\" x=\"%.1f\" y=\"%.1f\">baseline</text>\n",
              b0,
              TOP,
              Math.max(1, b1 - b0),
              plotH,
              b0 + 3,
              TOP + plotH - 4));
    }
    // fault bands: from injection to settle (or the end of its observation)
    for (FaultReport f : r.faults()) {
      double x0 = xOf.applyAsDouble(f.atMs());
      long endMs = f.settleMs() != null ? f.settleMs() : lastPhaseEnd(f);
      double x1 = xOf.applyAsDouble(f.atMs() + endMs);
      h.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\"/>\n",
              x0,
              TOP,
              Math.max(1, x1 - x0),
              plotH));
    }
    // grid and axes
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotH - plotH * i / 4;
      h.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
              LEFT,
              LEFT + plotW,
              y,
              y));
      h.append(
          String.format(
              Locale.ROOT,
              "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>",
              LEFT - 6,
              y + 4,
              maxOps * i / 4));
      h.append(
          String.format(
              Locale.ROOT,
              "<text class=\"axis p99\" x=\"%.1f\" y=\"%.1f\">%d ms</text>\n",
              LEFT + plotW + 6,
              y + 4,
              maxP99 * i / 4));
    }
    int step = Math.max(1, (int) Math.ceil(n / 12.0 / 10.0) * 10);
    for (int s = ((first + step - 1) / step) * step; s < first + n; s += step) {
      double x = LEFT + (s - first) * dx;
      h.append(
          String.format(
              Locale.ROOT,
              "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>",
              x,
              HEIGHT - BOTTOM + 16,
              s));
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<text class=\"axis\" x=\"%d\" y=\"%d\">ops/s</text>",
            LEFT + 4,
            TOP + 12));
    // errors per second: bars
    for (int i = 0; i < n; i++) {
      long e = series.get(i).errors();
      if (e > 0) {
        double bh = plotH * e / maxOps;
        h.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"err\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                LEFT + i * dx,
                TOP + plotH - bh,
                Math.max(0.8, dx - 0.4),
                Math.max(0.8, bh)));
      }
    }
    h.append('\n');
    polyline(h, "ok", series, dx, plotH, maxOps, true);
    polyline(h, "lat", series, dx, plotH, maxP99, false);
    // fault markers (labels on two rows so neighbours do not overlap) and phase points
    for (FaultReport f : r.faults()) {
      double x = xOf.applyAsDouble(f.atMs());
      int labelY = f.index() % 2 == 1 ? TOP - 6 : TOP - 17;
      h.append(
          String.format(
              Locale.ROOT,
              "<line class=\"fault\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\"/>",
              x,
              x,
              labelY + 2,
              TOP + plotH));
      h.append(
          String.format(
              Locale.ROOT,
              "<text class=\"flabel\" x=\"%.1f\" y=\"%d\">%d %s</text>\n",
              x + 3,
              labelY,
              f.index(),
              esc(shortFault(f))));
      point(h, f, f.detectMs(), "D", "detect", xOf, plotH);
      point(h, f, f.decideMs(), "X", "decide", xOf, plotH);
      point(h, f, f.moveFirstMs(), "M", "move", xOf, plotH);
      point(h, f, f.recoverMs(), "R", "recover", xOf, plotH);
      point(h, f, f.settleMs(), "S", "settle", xOf, plotH);
    }
    h.append("</svg>\n<p class=\"legend\"><span class=\"k ok\"></span>acknowledged/s ")
        .append("<span class=\"k err\"></span>errors/s <span class=\"k lat\"></span>p99 latency ")
        .append(
            "(right axis) <span class=\"k base\"></span>baseline <span class=\"k band\"></span>fault until settled; ")
        .append(
            "D detect, X decide (down/removed), M first shard moved, R first good answer, S settled."
                + " Seconds since the drill started; membership and shards are polled (250 ms, 500 ms).</p>\n");
  }

  private static long lastPhaseEnd(FaultReport f) {
    return f.phases().isEmpty() ? 1000 : f.phases().get(f.phases().size() - 1).toMs();
  }

  private static String shortFault(FaultReport f) {
    return f.node() == null || f.fault().contains(f.node())
        ? f.fault()
        : f.fault() + " (" + f.node() + ")";
  }

  private static void point(
      StringBuilder h,
      FaultReport f,
      Long offsetMs,
      String letter,
      String title,
      java.util.function.DoubleUnaryOperator xOf,
      double plotH) {
    if (offsetMs == null) {
      return;
    }
    double x = xOf.applyAsDouble(f.atMs() + offsetMs);
    h.append(
        String.format(
            Locale.ROOT,
            "<g class=\"pt\"><title>%s +%s</title><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text></g>",
            title,
            seconds(offsetMs),
            x,
            x,
            TOP + plotH - 14,
            TOP + plotH,
            x,
            TOP + plotH - 17,
            letter));
  }

  private static void polyline(
      StringBuilder h,
      String cls,
      List<Second> series,
      double dx,
      double plotH,
      long max,
      boolean ops) {
    h.append("<polyline class=\"").append(cls).append("\" points=\"");
    for (int i = 0; i < series.size(); i++) {
      long v = ops ? series.get(i).acknowledged() : series.get(i).p99Ms();
      double y = TOP + plotH - plotH * Math.min(v, max) / max;
      h.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + (i + 0.5) * dx, y));
    }
    h.append("\"/>\n");
  }

  static long niceCeiling(long value) {
    long magnitude = 1;
    while (magnitude * 10 <= value) {
      magnitude *= 10;
    }
    for (long m : new long[] {1, 2, 4, 5, 8, 10}) {
      if (m * magnitude >= value) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  // ---- sections

  private static void failovers(StringBuilder h, DrillReport r) {
    h.append("<h2>Failovers</h2>\n<p>Times since each fault was injected.</p>\n<table><tr>")
        .append(
            "<th>#</th><th>fault</th><th>node</th><th>detect</th><th>decide</th><th>move (first / all)</th>")
        .append(
            "<th>recover</th><th>settle</th><th>shards / sessions on node</th><th>sessions answering again</th></tr>\n");
    for (FaultReport f : r.faults()) {
      h.append("<tr><td>")
          .append(f.index())
          .append("</td><td>")
          .append(esc(f.fault()))
          .append("</td><td>")
          .append(esc(f.node() == null ? "-" : f.node()))
          .append("</td><td>")
          .append(ms(f.detectMs()))
          .append("</td><td>")
          .append(ms(f.decideMs()))
          .append("</td><td>")
          .append(ms(f.moveFirstMs()))
          .append(" / ")
          .append(ms(f.moveMs()))
          .append("</td><td>")
          .append(ms(f.recoverMs()))
          .append("</td><td>")
          .append(ms(f.settleMs()))
          .append("</td><td>")
          .append(f.shardsOnNode())
          .append(" / ")
          .append(f.sessionsOnNode())
          .append("</td><td>")
          .append(recovery(f.recovery()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    for (FaultReport f : r.faults()) {
      h.append("<h3>")
          .append(f.index())
          .append(". ")
          .append(esc(shortFault(f)))
          .append(" at ")
          .append(seconds(f.atMs()))
          .append("</h3>\n");
      if (!f.marksMs().isEmpty()) {
        h.append("<p>Steps: ");
        f.marksMs()
            .forEach((k, v) -> h.append(esc(k)).append(" +").append(seconds(v)).append("; "));
        h.append("</p>\n");
      }
      h.append(
          "<table><tr><th>phase (ends with)</th><th>from</th><th>to</th><th>operations</th><th>errors</th><th>errors players saw</th></tr>\n");
      for (Phase p : f.phases()) {
        h.append("<tr><td>")
            .append(esc(p.name()))
            .append("</td><td>+")
            .append(seconds(p.fromMs()))
            .append("</td><td>+")
            .append(seconds(p.toMs()))
            .append("</td><td>")
            .append(p.operations())
            .append("</td><td>")
            .append(p.errors())
            .append("</td><td>")
            .append(kinds(p.errorsByKind()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
      if (f.recovery() != null && !f.recovery().notRecovered().isEmpty()) {
        h.append("<p class=\"error\">Never answered well again: ")
            .append(esc(String.join(", ", f.recovery().notRecovered())))
            .append("</p>\n");
      }
      for (String note : f.notes()) {
        h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
      }
    }
  }

  private static String recovery(DrillReport.Recovery r) {
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

  private static String kinds(Map<String, Long> kinds) {
    if (kinds.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    kinds.forEach((k, v) -> s.append(esc(k)).append(" &times; ").append(v).append("<br>"));
    return s.toString();
  }

  private static void verification(StringBuilder h, DrillReport r) {
    h.append("<h2>Verification</h2>\n");
    DrillReport.Verification v = r.verification();
    if (v == null) {
      h.append("<p>Not run.</p>\n");
      return;
    }
    h.append(
        v.passed()
            ? "<p class=\"ok\">No violation: every check passed.</p>\n"
            : "<p class=\"error\">"
                + v.violations().size()
                + " violation(s): the drill fails.</p>\n");
    if (!v.violations().isEmpty()) {
      h.append("<table><tr><th>rule</th><th>sessions</th><th>detail</th></tr>\n");
      for (DrillReport.ViolationView violation : v.violations()) {
        List<String> ids = violation.sessionIds();
        String listed = String.join(", ", ids.subList(0, Math.min(MAX_LISTED, ids.size())));
        if (ids.size() > MAX_LISTED) {
          listed += " and " + (ids.size() - MAX_LISTED) + " more (all in report.json)";
        }
        h.append("<tr><td>")
            .append(esc(violation.rule()))
            .append("</td><td>")
            .append(esc(listed))
            .append("</td><td>")
            .append(esc(violation.detail()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    if (!v.counts().isEmpty()) {
      h.append("<table class=\"kv\">");
      v.counts().forEach((k, c) -> row(h, k, String.valueOf(c)));
      h.append("</table>\n");
    }
  }

  private static void baseline(StringBuilder h, DrillReport r) {
    h.append("<h2>Players</h2>\n<table class=\"kv\">");
    Stats b = r.baseline();
    if (b != null) {
      row(
          h,
          "baseline",
          String.format(
              Locale.ROOT,
              "%.0f acknowledged/s, error rate %.3f%%, p50 %d ms, p99 %d ms (from +%s to +%s)",
              b.acknowledgedPerSecond(),
              b.errorRate() * 100,
              b.p50Ms(),
              b.p99Ms(),
              seconds(b.fromMs()),
              seconds(b.toMs())));
    }
    DrillReport.Totals t = r.totals();
    if (t != null) {
      row(
          h,
          "operations",
          t.operations() + " (" + t.acknowledged() + " acknowledged, " + t.errors() + " errors)");
      StringBuilder kinds = new StringBuilder();
      t.operationsByKind().forEach((k, v) -> kinds.append(k).append(' ').append(v).append("  "));
      row(h, "by kind", kinds.toString().trim());
      h.append("<tr><th>errors</th><td>").append(kinds(t.errorsByKind())).append("</td></tr>");
    }
    h.append("</table>\n");
  }

  private static void tuning(StringBuilder h, DrillReport r) {
    if (r.tuning() == null || r.tuning().isEmpty()) {
      return;
    }
    h.append("<h2>Node settings</h2>\n<table class=\"kv\">");
    r.tuning().forEach((k, v) -> row(h, k, v));
    h.append("</table>\n");
  }

  private static void membership(StringBuilder h, DrillReport r) {
    if (r.membership().isEmpty()) {
      return;
    }
    h.append("<h2>Membership changes</h2>\n<details><summary>")
        .append(r.membership().size())
        .append(
            " changes, as each node reported them</summary>\n<table><tr><th>at</th><th>reported by</th><th>member</th><th>change</th></tr>\n");
    for (DrillReport.Membership m : r.membership()) {
      h.append("<tr><td>+")
          .append(seconds(m.atMs()))
          .append("</td><td>")
          .append(esc(m.observer()))
          .append("</td><td>")
          .append(esc(m.member()))
          .append("</td><td>")
          .append(esc(m.change()))
          .append("</td></tr>\n");
    }
    h.append("</table></details>\n");
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(esc(value))
        .append("</td></tr>");
  }

  private static String ms(Long ms) {
    return ms == null ? "-" : seconds(ms);
  }

  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '&' -> s.append("&amp;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1d2330;padding:0 12px}
      h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #dde}h3{font-size:15px;margin-bottom:4px}
      table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #dde;padding:3px 8px;text-align:left;vertical-align:top}
      th{background:#f3f4f8;font-weight:600}table.kv th{width:200px}
      .badge{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff;vertical-align:middle}
      .badge.passed{background:#2e7d32}.badge.failed{background:#c62828}.badge.error{background:#6d4c41}
      .error{color:#c62828}.ok{color:#2e7d32}.note{color:#5a6270;font-style:italic;margin:2px 0}
      svg.chart{max-width:100%;height:auto;background:#fcfcfe;border:1px solid #e3e5ee}
      .grid{stroke:#e8e9f0}.axis{font-size:11px;fill:#5a6270}.axis.p99{fill:#1565c0}
      polyline{fill:none;stroke-width:1.6}.ok{stroke:#2e7d32}polyline.lat{stroke:#1565c0;stroke-dasharray:4 2}
      rect.err{fill:#e53935}rect.band{fill:#fff3e0}rect.base{fill:#e8f5e9}
      line.fault{stroke:#6d4c41;stroke-dasharray:3 3}.flabel{font-size:11px;fill:#6d4c41}
      .pt line{stroke:#6a1b9a}.pt text{font-size:10px;fill:#6a1b9a;font-weight:600}
      .legend{font-size:12px;color:#5a6270}.k{display:inline-block;width:12px;height:10px;margin:0 4px 0 10px;vertical-align:middle}
      .k.ok{background:#2e7d32}.k.err{background:#e53935}.k.lat{background:#1565c0}.k.band{background:#fff3e0;border:1px solid #e0c9a6}.k.base{background:#e8f5e9;border:1px solid #a5d6a7}
      """;
}
