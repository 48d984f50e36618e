package org.playhead.session.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's analytics, wired once at start: the entities' tags, the journal projections to Kafka,
 * the QoE sampler of heartbeats, and this node's share of the live aggregates.
 *
 * @param sessions what session entities are given (tags, and the QoE hook)
 * @param aggregates this node's aggregates, when on
 */
public record Analytics(
    AnalyticsSettings settings,
    NodeSessionAnalytics sessions,
    EventTags accountTags,
    Optional<QoeAggregator> aggregates) {
  private static final Logger log = LoggerFactory.getLogger(Analytics.class);

  /**
   * @param leaseTtl the longest silence a QoE sample counts as playback
   */
  public static Analytics start(
      ActorSystem<?> system, Clock clock, MeterRegistry registry, Duration leaseTtl) {
    AnalyticsSettings settings = AnalyticsSettings.fromConfig(system.settings().config());
    EventTags sessionTags = new EventTags(EventTags.SESSION_PREFIX, settings.sessionTags());
    EventTags accountTags = new EventTags(EventTags.ACCOUNT_PREFIX, settings.accountTags());
    if (!settings.enabled()) {
      log.info("Analytics off: nothing is published to Kafka");
      return new Analytics(
          settings, new NodeSessionAnalytics(sessionTags, null), accountTags, Optional.empty());
    }
    AnalyticsMeters meters = new AnalyticsMeters(registry);
    KafkaPublisher kafka = KafkaPublisher.start(system, settings.bootstrapServers());
    AnalyticsProjections.start(system, settings, kafka, meters);
    QoeSampler sampler = QoeSampler.start(system, settings, leaseTtl, meters);
    Optional<QoeAggregator> aggregates = Optional.empty();
    if (settings.aggregates().enabled()) {
      QoeAggregator aggregator = QoeAggregator.start(system, settings, clock);
      QoeFiguresService.start(system, aggregator);
      QoeMeters.start(system, registry, aggregator, settings.aggregates().maxExportedKeys());
      aggregates = Optional.of(aggregator);
    }
    log.info(
        "Analytics on: journals to {} and {}, QoE samples to {}, Kafka at {}",
        settings.sessionsTopic(),
        settings.accountsTopic(),
        settings.qoeTopic(),
        settings.bootstrapServers());
    return new Analytics(
        settings, new NodeSessionAnalytics(sessionTags, sampler), accountTags, aggregates);
  }
}
