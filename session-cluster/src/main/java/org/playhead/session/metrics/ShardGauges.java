package org.playhead.session.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shards and entities hosted by this node, per entity type. Sharding has no counter to read, so the
 * local shard regions are asked for their stats ({@code GetShardRegionStats}: per shard a count,
 * never the entity ids) on a fixed interval, and the gauges show the last answer.
 */
final class ShardGauges {
  private static final Logger log = LoggerFactory.getLogger(ShardGauges.class);

  private ShardGauges() {}

  static void start(
      ActorSystem<?> system, MeterRegistry registry, List<String> entityTypes, Duration every) {
    org.apache.pekko.actor.ActorSystem classic = Adapter.toClassic(system);
    for (String entityType : entityTypes) {
      AtomicLong shards = new AtomicLong();
      AtomicLong entities = new AtomicLong();
      Gauge.builder(PlayheadMetrics.SHARDS, shards, AtomicLong::get)
          .tag("entity_type", entityType)
          .strongReference(true)
          .description("Shards hosted by this node")
          .register(registry);
      Gauge.builder(PlayheadMetrics.ENTITIES, entities, AtomicLong::get)
          .tag("entity_type", entityType)
          .strongReference(true)
          .description("Entities resident on this node")
          .register(registry);
      ActorRef region = ClusterSharding.get(classic).shardRegion(entityType);
      classic
          .scheduler()
          .scheduleWithFixedDelay(
              Duration.ZERO,
              every,
              () -> poll(region, every, shards, entities),
              classic.dispatcher());
    }
  }

  private static void poll(
      ActorRef region, Duration timeout, AtomicLong shards, AtomicLong entities) {
    Patterns.ask(region, ShardRegion.getRegionStatsInstance(), timeout)
        .whenComplete(
            (answer, failure) -> {
              if (answer instanceof ShardRegion.ShardRegionStats stats) {
                long count = 0;
                for (Object perShard : stats.getStats().values()) {
                  count += ((Number) perShard).longValue();
                }
                shards.set(stats.getStats().size());
                entities.set(count);
              } else if (failure != null) {
                // The last figures stay; a region busy handing off answers the next poll.
                log.debug("Shard region stats not available", failure);
              }
            });
  }
}
