package org.playhead.session.analytics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The analytics pipeline's own health on the node's Prometheus registry: what was published, what
 * failed, and the QoE samples dropped rather than waited for.
 */
public final class AnalyticsMeters {
  public static final String EVENTS_PUBLISHED = "playhead.analytics.events.published";
  public static final String BATCHES_FAILED = "playhead.analytics.batches.failed";
  public static final String TRACKS_REBUILT = "playhead.analytics.tracks.rebuilt";
  public static final String QOE_SAMPLES = "playhead.qoe.samples";

  // The QoE window's gauges (QoeMeters): sums of this node's share, labelled dimension and key.
  public static final String QOE_CONCURRENT_PLAYS = "playhead.qoe.concurrent.plays";
  public static final String QOE_PLAYS = "playhead.qoe.window.plays";
  public static final String QOE_VIDEO_STARTS = "playhead.qoe.window.video.starts";
  public static final String QOE_VIDEO_START_FAILURES = "playhead.qoe.window.video.start.failures";
  public static final String QOE_EXITS_BEFORE_VIDEO_START =
      "playhead.qoe.window.exits.before.video.start";
  public static final String QOE_PLAYED = "playhead.qoe.window.played.seconds";
  public static final String QOE_REBUFFERING = "playhead.qoe.window.rebuffering.seconds";
  public static final String QOE_BITRATE = "playhead.qoe.window.bitrate.kbps.seconds";
  public static final String QOE_BITRATE_PLAYED = "playhead.qoe.window.bitrate.played.seconds";
  public static final String QOE_WINDOW_SAMPLES = "playhead.qoe.window.samples";
  public static final String QOE_ERROR_SAMPLES = "playhead.qoe.window.error.samples";

  /** Video starts in the window with a startup time of at most {@code le} seconds. */
  public static final String QOE_STARTUP = "playhead.qoe.window.startup";

  /** The meters of one journal projection (sessions, accounts, licenses). */
  public static final class Journal {
    private final Counter published;
    private final Counter failed;
    private final Counter rebuilt;

    Journal(MeterRegistry registry, String journal) {
      published =
          Counter.builder(EVENTS_PUBLISHED)
              .description("journal events published to Kafka (repeats after a failure included)")
              .tag("journal", journal)
              .register(registry);
      failed =
          Counter.builder(BATCHES_FAILED)
              .description("projection batches that failed and are published again")
              .tag("journal", journal)
              .register(registry);
      rebuilt =
          Counter.builder(TRACKS_REBUILT)
              .description("sessions whose summary was rebuilt from their journal")
              .tag("journal", journal)
              .register(registry);
    }

    void published(int events) {
      published.increment(events);
    }

    void failedBatch() {
      failed.increment();
    }

    void rebuilt() {
      rebuilt.increment();
    }
  }

  /** QoE samples by what became of them. */
  public static final class Qoe {
    private final Counter sent;
    private final Counter dropped;
    private final Counter failed;

    Qoe(MeterRegistry registry) {
      sent = sample(registry, "sent", "QoE samples Kafka acknowledged");
      dropped =
          sample(registry, "dropped", "QoE samples dropped: the buffer was full (Kafka away)");
      failed = sample(registry, "failed", "QoE samples Kafka refused or timed out");
    }

    private static Counter sample(MeterRegistry registry, String outcome, String description) {
      return Counter.builder(QOE_SAMPLES)
          .description(description)
          .tag("outcome", outcome)
          .register(registry);
    }

    void sent() {
      sent.increment();
    }

    void dropped() {
      dropped.increment();
    }

    void failed() {
      failed.increment();
    }

    public double droppedCount() {
      return dropped.count();
    }
  }

  private final MeterRegistry registry;

  public AnalyticsMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  Journal journal(String journal) {
    return new Journal(registry, journal);
  }

  Qoe qoe() {
    return new Qoe(registry);
  }

  MeterRegistry registry() {
    return registry;
  }
}
