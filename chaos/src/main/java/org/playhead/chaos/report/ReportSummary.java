package org.playhead.chaos.report;

import java.util.Locale;
import org.playhead.chaos.report.DrillReport.FaultReport;

/** A drill's outcome in a few lines for a terminal. */
public final class ReportSummary {
  private ReportSummary() {}

  public static String of(DrillReport r) {
    StringBuilder s = new StringBuilder();
    s.append("drill ")
        .append(r.id())
        .append(": ")
        .append(r.outcome().toUpperCase(Locale.ROOT))
        .append('\n');
    if (r.error() != null) {
      s.append("  error: ").append(r.error()).append('\n');
    }
    if (r.baseline() != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "  baseline: %.0f acknowledged/s, p99 %d ms, errors %.3f%%%n",
              r.baseline().acknowledgedPerSecond(),
              r.baseline().p99Ms(),
              r.baseline().errorRate() * 100));
    }
    for (FaultReport f : r.faults()) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %d %s%s: detect %s, decide %s, move %s/%s, recover %s, settle %s%s%n",
              f.index(),
              f.fault(),
              f.node() == null || f.fault().endsWith(f.node()) ? "" : " (" + f.node() + ")",
              sec(f.detectMs()),
              sec(f.decideMs()),
              sec(f.moveFirstMs()),
              sec(f.moveMs()),
              sec(f.recoverMs()),
              sec(f.settleMs()),
              f.recovery() == null || f.recovery().sessions() == 0
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "; %d/%d sessions answered again, max %s",
                      f.recovery().recovered(),
                      f.recovery().sessions(),
                      sec(f.recovery().maxMs()))));
    }
    if (r.verification() != null) {
      s.append("  verification: ")
          .append(
              r.verification().passed()
                  ? "passed"
                  : r.verification().violations().size() + " violation(s)")
          .append(' ')
          .append(r.verification().counts())
          .append('\n');
      for (DrillReport.ViolationView v : r.verification().violations()) {
        s.append("    ")
            .append(v.rule())
            .append(": ")
            .append(v.sessionCount())
            .append(" session(s) ")
            .append(v.sessionIds().subList(0, Math.min(5, v.sessionIds().size())))
            .append(" ")
            .append(v.detail())
            .append('\n');
      }
    }
    return s.toString().stripTrailing();
  }

  private static String sec(Long ms) {
    return ms == null ? "-" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }
}
