package org.playhead.chaos.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.playhead.chaos.report.DrillReport.FaultReport;
import org.playhead.chaos.report.DrillReport.Second;

/**
 * The timeline chart's geometry, computed from a report: what the page's template draws as inline
 * SVG (acknowledged operations and errors per second, p99 latency on the right axis, the baseline,
 * each fault until it settled with its phase marks). Plain numbers; the template writes them.
 */
record ReportChart(
    int width,
    int height,
    Box baseline,
    List<Box> faultBands,
    List<GridLine> grid,
    List<Tick> ticks,
    List<Box> errorBars,
    String acknowledgedPoints,
    String p99Points,
    List<FaultMark> faults,
    int left,
    int top) {

  static final int WIDTH = 960;
  static final int HEIGHT = 300;
  private static final int LEFT = 56;
  private static final int RIGHT = 56;
  private static final int TOP = 28;
  private static final int BOTTOM = 36;

  record Box(double x, double y, double width, double height) {}

  record GridLine(double y, double x2, long ops, long p99Ms) {}

  record Tick(double x, double y, int second) {}

  record PhaseMark(double x, double y1, double y2, double textY, String letter, String title) {}

  record FaultMark(
      double x,
      double y1,
      double y2,
      double labelX,
      double labelY,
      String label,
      List<PhaseMark> phases) {}

  static ReportChart of(DrillReport r) {
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
    DoubleUnaryOperator xOf = ms -> LEFT + (ms / 1000.0 - origin) * dx;

    Box baseline = null;
    if (r.baseline() != null) {
      double b0 = xOf.applyAsDouble(r.baseline().fromMs());
      double b1 = xOf.applyAsDouble(r.baseline().toMs());
      baseline = new Box(b0, TOP, Math.max(1, b1 - b0), plotH);
    }
    List<Box> bands = new ArrayList<>();
    for (FaultReport f : r.faults()) {
      double x0 = xOf.applyAsDouble(f.atMs());
      long endMs = f.settleMs() != null ? f.settleMs() : lastPhaseEnd(f);
      double x1 = xOf.applyAsDouble(f.atMs() + endMs);
      bands.add(new Box(x0, TOP, Math.max(1, x1 - x0), plotH));
    }
    List<GridLine> grid = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      grid.add(
          new GridLine(TOP + plotH - plotH * i / 4, LEFT + plotW, maxOps * i / 4, maxP99 * i / 4));
    }
    List<Tick> ticks = new ArrayList<>();
    int step = Math.max(1, (int) Math.ceil(n / 12.0 / 10.0) * 10);
    for (int s = ((first + step - 1) / step) * step; s < first + n; s += step) {
      ticks.add(new Tick(LEFT + (s - first) * dx, HEIGHT - BOTTOM + 16, s));
    }
    List<Box> errors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long e = series.get(i).errors();
      if (e > 0) {
        double bh = plotH * e / maxOps;
        errors.add(
            new Box(LEFT + i * dx, TOP + plotH - bh, Math.max(0.8, dx - 0.4), Math.max(0.8, bh)));
      }
    }
    List<FaultMark> marks = new ArrayList<>();
    for (FaultReport f : r.faults()) {
      double x = xOf.applyAsDouble(f.atMs());
      // Labels on two rows, so that neighbours do not overlap.
      int labelY = f.index() % 2 == 1 ? TOP - 6 : TOP - 17;
      List<PhaseMark> phases = new ArrayList<>();
      phase(phases, f, f.detectMs(), "D", "detect", xOf, plotH);
      phase(phases, f, f.decideMs(), "X", "decide", xOf, plotH);
      phase(phases, f, f.moveFirstMs(), "M", "move", xOf, plotH);
      phase(phases, f, f.recoverMs(), "R", "recover", xOf, plotH);
      phase(phases, f, f.settleMs(), "S", "settle", xOf, plotH);
      marks.add(
          new FaultMark(
              x, labelY + 2, TOP + plotH, x + 3, labelY, f.index() + " " + shortFault(f), phases));
    }
    return new ReportChart(
        WIDTH,
        HEIGHT,
        baseline,
        bands,
        grid,
        ticks,
        errors,
        points(series, dx, plotH, maxOps, true),
        points(series, dx, plotH, maxP99, false),
        marks,
        LEFT,
        TOP);
  }

  private static void phase(
      List<PhaseMark> into,
      FaultReport f,
      Long offsetMs,
      String letter,
      String title,
      DoubleUnaryOperator xOf,
      double plotH) {
    if (offsetMs == null) {
      return;
    }
    double x = xOf.applyAsDouble(f.atMs() + offsetMs);
    into.add(
        new PhaseMark(
            x,
            TOP + plotH - 14,
            TOP + plotH,
            TOP + plotH - 17,
            letter,
            title + " +" + ReportHtml.seconds(offsetMs)));
  }

  private static String points(
      List<Second> series, double dx, double plotH, long max, boolean acknowledged) {
    StringBuilder points = new StringBuilder(series.size() * 12);
    for (int i = 0; i < series.size(); i++) {
      long v = acknowledged ? series.get(i).acknowledged() : series.get(i).p99Ms();
      double y = TOP + plotH - plotH * Math.min(v, max) / max;
      points.append(ReportHtml.num(LEFT + (i + 0.5) * dx)).append(',').append(ReportHtml.num(y));
      points.append(' ');
    }
    return points.toString();
  }

  private static long lastPhaseEnd(FaultReport f) {
    return f.phases().isEmpty() ? 1000 : f.phases().get(f.phases().size() - 1).toMs();
  }

  static String shortFault(FaultReport f) {
    return f.node() == null || f.fault().contains(f.node())
        ? f.fault()
        : f.fault() + " (" + f.node() + ")";
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
}
