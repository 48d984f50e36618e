package org.playhead.session.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * This node's QoE window as Prometheus gauges on the management port, refreshed every few seconds.
 * Each node exports the sums of its own share (its partitions' sessions), never ratios, so that the
 * dashboard adds nodes up and divides: {@code sum(rebuffering) / sum(played + rebuffering)}, and
 * {@code histogram_quantile} over the startup-time buckets of every node. Labels: {@code dimension}
 * (all, title, pathway, network) and {@code key}, the busiest values of each dimension only (the
 * rest are summed as {@code other}), so a catalogue of titles cannot flood Prometheus.
 */
public final class QoeMeters {
  /** Startup-time bucket bounds, seconds: a video start's ladder from instant to abandoned. */
  static final double[] STARTUP_BOUNDS = {0.25, 0.5, 1, 2, 3, 5, 8, 13, 20};

  private record Family(String name, String description, ToDoubleFunction<QoeStats> value) {}

  private static final List<Family> FAMILIES =
      List.of(
          new Family(
              AnalyticsMeters.QOE_CONCURRENT_PLAYS,
              "sessions playing now",
              s -> s.concurrentPlays()),
          new Family(AnalyticsMeters.QOE_PLAYS, "sessions started in the window", s -> s.plays()),
          new Family(
              AnalyticsMeters.QOE_VIDEO_STARTS, "first frames in the window", s -> s.videoStarts()),
          new Family(
              AnalyticsMeters.QOE_VIDEO_START_FAILURES,
              "sessions that ended before video start after an error",
              s -> s.videoStartFailures()),
          new Family(
              AnalyticsMeters.QOE_EXITS_BEFORE_VIDEO_START,
              "sessions that ended before video start without an error",
              s -> s.exitsBeforeVideoStart()),
          new Family(AnalyticsMeters.QOE_PLAYED, "time spent playing", s -> s.playedMs() / 1000.0),
          new Family(
              AnalyticsMeters.QOE_REBUFFERING,
              "time spent rebuffering",
              s -> s.rebufferingMs() / 1000.0),
          new Family(
              AnalyticsMeters.QOE_BITRATE,
              "bitrate times the played time it was reported for",
              s -> s.bitrateKbpsMs() / 1000.0),
          new Family(
              AnalyticsMeters.QOE_BITRATE_PLAYED,
              "played time with a known bitrate",
              s -> s.bitratePlayedMs() / 1000.0),
          new Family(AnalyticsMeters.QOE_WINDOW_SAMPLES, "QoE samples", s -> s.samples()),
          new Family(
              AnalyticsMeters.QOE_ERROR_SAMPLES,
              "QoE samples reporting a player error",
              s -> s.errorSamples()));

  private final QoeAggregator aggregator;
  private final int maxKeys;
  private final List<MultiGauge> gauges = new ArrayList<>();
  private final MultiGauge startup;

  private QoeMeters(MeterRegistry registry, QoeAggregator aggregator, int maxKeys) {
    this.aggregator = aggregator;
    this.maxKeys = maxKeys;
    for (Family f : FAMILIES) {
      gauges.add(MultiGauge.builder(f.name()).description(f.description()).register(registry));
    }
    startup =
        MultiGauge.builder(AnalyticsMeters.QOE_STARTUP)
            .description("video starts in the window with a startup time at most le seconds")
            .register(registry);
  }

  public static void start(
      ActorSystem<?> system, MeterRegistry registry, QoeAggregator aggregator, int maxKeys) {
    QoeMeters meters = new QoeMeters(registry, aggregator, maxKeys);
    system
        .scheduler()
        .scheduleWithFixedDelay(
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            meters::refresh,
            system.executionContext());
  }

  void refresh() {
    Map<QoeAggregates.Key, QoeStats> figures = aggregator.figures();
    List<Map.Entry<Tags, QoeStats>> exported = new ArrayList<>();
    for (QoeAggregates.Dimension d : QoeAggregates.Dimension.values()) {
      List<Map.Entry<QoeAggregates.Key, QoeStats>> busiest = QoeAggregator.busiest(figures, d);
      QoeStats rest = QoeStats.EMPTY;
      for (int i = 0; i < busiest.size(); i++) {
        if (i < maxKeys) {
          exported.add(
              Map.entry(tags(d, busiest.get(i).getKey().value()), busiest.get(i).getValue()));
        } else {
          rest = rest.plus(busiest.get(i).getValue());
        }
      }
      if (busiest.size() > maxKeys) {
        exported.add(Map.entry(tags(d, QoeAggregates.OTHER), rest));
      }
    }
    for (int f = 0; f < FAMILIES.size(); f++) {
      ToDoubleFunction<QoeStats> value = FAMILIES.get(f).value();
      gauges
          .get(f)
          .register(
              exported.stream()
                  .map(e -> MultiGauge.Row.of(e.getKey(), value.applyAsDouble(e.getValue())))
                  .toList(),
              true);
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Map.Entry<Tags, QoeStats> e : exported) {
      long[] sorted =
          e.getValue().startupTimesMs().stream().mapToLong(Long::longValue).sorted().toArray();
      for (double bound : STARTUP_BOUNDS) {
        long within = java.util.Arrays.stream(sorted).filter(ms -> ms <= bound * 1000).count();
        rows.add(MultiGauge.Row.of(e.getKey().and("le", String.valueOf(bound)), within));
      }
      rows.add(MultiGauge.Row.of(e.getKey().and("le", "+Inf"), sorted.length));
    }
    startup.register(rows, true);
  }

  private static Tags tags(QoeAggregates.Dimension dimension, String key) {
    return Tags.of("dimension", dimension.label(), "key", key);
  }
}
