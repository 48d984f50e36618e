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
