package org.playhead.chaos.load;

import java.time.Clock;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Sliding figures over the last {@link #WINDOW_SECONDS} whole seconds, bucketed by the second an
 * operation was answered. One lock: recording is a few counter increments and a histogram bump.
 */
final class SteadyStateWindow {
  static final int WINDOW_SECONDS = 5;

  /** The window plus the second being filled, plus slack for late records. */
  private static final int BUCKETS = WINDOW_SECONDS + 3;

  /** Latencies up to ten minutes, in microseconds, two significant digits. */
  private static final long MAX_LATENCY_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

  private final Clock clock;
  private final Bucket[] buckets = new Bucket[BUCKETS];

  SteadyStateWindow(Clock clock) {
    this.clock = clock;
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = new Bucket();
    }
  }

  private static final class Bucket {
    long second = Long.MIN_VALUE;
    long startsAcknowledged;
    long reportsAttempted;
    long reportsAcknowledged;
    final Histogram latencies = new Histogram(MAX_LATENCY_MICROS, 2);

    void reset(long newSecond) {
      second = newSecond;
      startsAcknowledged = 0;
      reportsAttempted = 0;
      reportsAcknowledged = 0;
      latencies.reset();
    }
  }

  void record(Operation op) {
    long second = op.answeredAt().getEpochSecond();
    synchronized (buckets) {
      Bucket bucket = buckets[(int) Math.floorMod(second, (long) BUCKETS)];
      if (bucket.second != second) {
        if (bucket.second > second) {
          return; // older than the window: nobody will read it
        }
        bucket.reset(second);
      }
      if (op.kind() == OperationKind.START && op.acknowledged()) {
        bucket.startsAcknowledged++;
      }
      if (isReport(op.kind())) {
        bucket.reportsAttempted++;
        if (op.acknowledged()) {
          bucket.reportsAcknowledged++;
        }
      }
      long micros = Math.max(0, Math.min(MAX_LATENCY_MICROS, op.latency().toNanos() / 1000));
      bucket.latencies.recordValue(micros);
    }
  }

  /** The figures of the last {@link #WINDOW_SECONDS} whole seconds before now. */
  SteadyState current() {
    long now = clock.instant().getEpochSecond();
    long starts = 0;
    long attempted = 0;
    long acknowledged = 0;
    Histogram merged = new Histogram(MAX_LATENCY_MICROS, 2);
    synchronized (buckets) {
      for (Bucket bucket : buckets) {
        if (bucket.second >= now - WINDOW_SECONDS && bucket.second < now) {
          starts += bucket.startsAcknowledged;
          attempted += bucket.reportsAttempted;
          acknowledged += bucket.reportsAcknowledged;
          merged.add(bucket.latencies);
        }
      }
    }
    double successRate = attempted == 0 ? 1.0 : (double) acknowledged / attempted;
    double p99Ms = merged.getTotalCount() == 0 ? 0.0 : merged.getValueAtPercentile(99.0) / 1000.0;
    return new SteadyState((double) starts / WINDOW_SECONDS, successRate, p99Ms);
  }

  private static boolean isReport(OperationKind kind) {
    return kind == OperationKind.HEARTBEAT
        || kind == OperationKind.PAUSE
        || kind == OperationKind.RESUME;
  }
}
