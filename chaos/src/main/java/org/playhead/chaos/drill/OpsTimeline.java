package org.playhead.chaos.drill;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.report.DrillReport.Second;
import org.playhead.chaos.report.DrillReport.Stats;

/**
 * Players' operations in one-second buckets since the drill's start: acknowledged and failed counts
 * and the latencies of acknowledged operations, for windows' statistics and the report's chart.
 * Operations are placed by when they were sent.
 */
public final class OpsTimeline {
  private final Instant origin;
  private final long[] total;
  private final long[] acknowledged;
  private final long[] errors;
  private final int[][] latencies;

  public OpsTimeline(Instant origin, List<Operation> operations) {
    this.origin = origin;
    long last = 0;
    for (Operation op : operations) {
      last = Math.max(last, secondOf(op.at()));
    }
    int seconds = (int) last + 1;
    total = new long[seconds];
    acknowledged = new long[seconds];
    errors = new long[seconds];
    int[] fill = new int[seconds];
    for (Operation op : operations) {
      long s = secondOf(op.at());
      if (s < 0) {
        continue;
      }
      total[(int) s]++;
      if (op.acknowledged()) {
        acknowledged[(int) s]++;
      } else if (op.isError()) {
        errors[(int) s]++;
      }
    }
    latencies = new int[seconds][];
    for (int s = 0; s < seconds; s++) {
      latencies[s] = new int[(int) acknowledged[s]];
    }
    for (Operation op : operations) {
      long s = secondOf(op.at());
      if (s >= 0 && op.acknowledged()) {
        latencies[(int) s][fill[(int) s]++] =
            (int) Math.min(Integer.MAX_VALUE, op.latency().toMillis());
      }
    }
    for (int[] bucket : latencies) {
      Arrays.sort(bucket);
    }
  }

  private long secondOf(Instant at) {
    long ms = at.toEpochMilli() - origin.toEpochMilli();
    return ms < 0 ? -1 : ms / 1000;
  }

  public Instant origin() {
    return origin;
  }

  /** Seconds covered (the last operation's second, plus one). */
  public int seconds() {
    return total.length;
  }

  public long msSinceOrigin(Instant at) {
    return at.toEpochMilli() - origin.toEpochMilli();
  }

  /** Statistics over the whole seconds in {@code [fromMs, toMs)} since the origin. */
  public Stats stats(long fromMs, long toMs) {
    int from = (int) Math.max(0, fromMs / 1000);
    int to = (int) Math.min(total.length, (toMs + 999) / 1000);
    long ops = 0;
    long acks = 0;
    long failed = 0;
    int count = 0;
    for (int s = from; s < to; s++) {
      ops += total[s];
      acks += acknowledged[s];
      failed += errors[s];
      count += latencies[s].length;
    }
    int[] merged = new int[count];
    int at = 0;
    for (int s = from; s < to; s++) {
      System.arraycopy(latencies[s], 0, merged, at, latencies[s].length);
      at += latencies[s].length;
    }
    Arrays.sort(merged);
    double seconds = Math.max(1, to - from);
    return new Stats(
        fromMs,
        toMs,
        ops,
        acks,
        failed,
        acks / seconds,
        ops == 0 ? 0 : (double) failed / ops,
        percentile(merged, 0.50),
        percentile(merged, 0.99));
  }

  static long percentile(int[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** The first whole second at or after {@code fromMs} whose window settles, or -1. */
  public long settledAtMs(long fromMs, long untilMs, Stats baseline, SettleRule rule) {
    long window = rule.window().toMillis();
    for (long start = ((fromMs + 999) / 1000) * 1000; start + window <= untilMs; start += 1000) {
      if (rule.settled(baseline, stats(start, start + window))) {
        return start;
      }
    }
    return -1;
  }

  /** The chart's series. */
  public List<Second> perSecond() {
    Second[] out = new Second[total.length];
    for (int s = 0; s < total.length; s++) {
      out[s] = new Second(s, acknowledged[s], errors[s], percentile(latencies[s], 0.99));
    }
    return List.of(out);
  }

  /** Operations sorted by when they were sent (ledgers are, but a check is cheap). */
  static List<Operation> sorted(List<Operation> operations) {
    for (int i = 1; i < operations.size(); i++) {
      if (operations.get(i).at().isBefore(operations.get(i - 1).at())) {
        return operations.stream().sorted(Comparator.comparing(Operation::at)).toList();
      }
    }
    return operations;
  }
}
