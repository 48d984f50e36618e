package org.playhead.session.analytics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sums behind one dimension value's QoE figures over a stretch of time: what sessions started,
 * what their heartbeats reported. Mergeable (two nodes' shares, two buckets of a window add up), so
 * a node can answer for the whole cluster. Immutable; {@link Builder} collects.
 *
 * @param concurrentPlays sessions playing now (not summed over time: a point figure)
 * @param startupTimesMs the video startup times seen (at most a bounded sample of them)
 * @param bitrateKbpsMs bitrate times the played time it was reported for
 * @param bitratePlayedMs the played time with a known bitrate
 */
public record QoeStats(
    long concurrentPlays,
    long plays,
    long videoStarts,
    long videoStartFailures,
    long exitsBeforeVideoStart,
    List<Long> startupTimesMs,
    long playedMs,
    long rebufferingMs,
    long bitrateKbpsMs,
    long bitratePlayedMs,
    long samples,
    long errorSamples) {

  public static final QoeStats EMPTY = new QoeStats(0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0);

  public QoeStats {
    startupTimesMs = List.copyOf(startupTimesMs);
  }

  public QoeStats plus(QoeStats other) {
    List<Long> startups = new ArrayList<>(startupTimesMs.size() + other.startupTimesMs.size());
    startups.addAll(startupTimesMs);
    startups.addAll(other.startupTimesMs);
    return new QoeStats(
        concurrentPlays + other.concurrentPlays,
        plays + other.plays,
        videoStarts + other.videoStarts,
        videoStartFailures + other.videoStartFailures,
        exitsBeforeVideoStart + other.exitsBeforeVideoStart,
        startups,
        playedMs + other.playedMs,
        rebufferingMs + other.rebufferingMs,
        bitrateKbpsMs + other.bitrateKbpsMs,
        bitratePlayedMs + other.bitratePlayedMs,
        samples + other.samples,
        errorSamples + other.errorSamples);
  }

  /** The startup time at percentile {@code p} (nearest rank), or {@code -1} with none. */
  @JsonIgnore
  public long startupPercentileMs(double p) {
    if (startupTimesMs.isEmpty()) {
      return -1;
    }
    long[] sorted = startupTimesMs.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Rebuffering time over playing plus rebuffering time, or 0 with neither. */
  @JsonIgnore
  public double rebufferingRatio() {
    long watched = playedMs + rebufferingMs;
    return watched == 0 ? 0 : (double) rebufferingMs / watched;
  }

  /** Bitrate averaged over played time, or 0 when unknown. */
  @JsonIgnore
  public long averageBitrateKbps() {
    return bitratePlayedMs == 0 ? 0 : bitrateKbpsMs / bitratePlayedMs;
  }

  /** QoE samples reporting an error, over all samples, or 0 with none. */
  @JsonIgnore
  public double errorRate() {
    return samples == 0 ? 0 : (double) errorSamples / samples;
  }

  /** Collects one bucket's sums; single-threaded, like the aggregates that own it. */
  static final class Builder {
    long plays;
    long videoStarts;
    long videoStartFailures;
    long exitsBeforeVideoStart;
    final List<Long> startupTimesMs = new ArrayList<>();
    long startupSeen;
    long playedMs;
    long rebufferingMs;
    long bitrateKbpsMs;
    long bitratePlayedMs;
    long samples;
    long errorSamples;

    /**
     * Keeps every startup time up to {@code max}, then a uniform sample of them (reservoir), so a
     * premiere's burst of starts costs bounded memory. {@code slot} is a stable pseudo-random draw
     * (the session's hash), so the same input keeps the same sample.
     */
    void startup(long ms, int max, int slot) {
      startupSeen++;
      if (startupTimesMs.size() < max) {
        startupTimesMs.add(ms);
      } else {
        long j = Math.floorMod((long) slot * 31 + startupSeen, startupSeen);
        if (j < max) {
          startupTimesMs.set((int) j, ms);
        }
      }
    }

    QoeStats build() {
      return new QoeStats(
          0,
          plays,
          videoStarts,
          videoStartFailures,
          exitsBeforeVideoStart,
          startupTimesMs,
          playedMs,
          rebufferingMs,
          bitrateKbpsMs,
          bitratePlayedMs,
          samples,
          errorSamples);
    }
  }

  QoeStats withConcurrentPlays(long concurrent) {
    return new QoeStats(
        concurrent,
        plays,
        videoStarts,
        videoStartFailures,
        exitsBeforeVideoStart,
        startupTimesMs,
        playedMs,
        rebufferingMs,
        bitrateKbpsMs,
        bitratePlayedMs,
        samples,
        errorSamples);
  }
}
