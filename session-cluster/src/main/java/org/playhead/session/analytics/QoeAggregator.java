package org.playhead.session.analytics;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.playhead.protocol.events.v1.QoeSample;
import org.playhead.protocol.events.v1.SessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's share of the live QoE aggregates: a Kafka consumer in the group every node joins,
 * reading the sessions and QoE topics. Both topics have the same partition count and the range
 * assignor gives a node the same partitions of each, so a session's events and samples meet on one
 * node. When the node is given partitions it reads them from one window back (by timestamp), so a
 * restarted or rebalanced node has full figures after one window, without a store of its own.
 */
public final class QoeAggregator {
  private static final Logger log = LoggerFactory.getLogger(QoeAggregator.class);

  private final QoeAggregates aggregates;
  private final Clock clock;
  private final String sessionsTopic;
  private long malformed;

  private QoeAggregator(QoeAggregates aggregates, Clock clock, String sessionsTopic) {
    this.aggregates = aggregates;
    this.clock = clock;
    this.sessionsTopic = sessionsTopic;
  }

  public static QoeAggregator start(
      ActorSystem<?> system, AnalyticsSettings settings, Clock clock) {
    AnalyticsSettings.Aggregates a = settings.aggregates();
    QoeAggregator aggregator =
        new QoeAggregator(new QoeAggregates(a), clock, settings.sessionsTopic());
    Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "playhead-qoe-offsets"));
    ConsumerSettings<String, byte[]> consumer =
        ConsumerSettings.create(system, new StringDeserializer(), new ByteArrayDeserializer())
            .withBootstrapServers(settings.bootstrapServers())
            .withGroupId(a.groupId())
            // Offsets come from timestamps on every assignment; nothing is committed.
            .withProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
            .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
            .withProperty(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    long windowMs = a.window().toMillis();
    UniqueKillSwitch stop =
        RestartSource.withBackoff(
                RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2),
                () ->
                    Consumer.plainPartitionedManualOffsetSource(
                            consumer,
                            Subscriptions.topics(settings.sessionsTopic(), settings.qoeTopic()),
                            partitions -> offsetsAt(admin, partitions, clock.millis() - windowMs),
                            revoked -> aggregator.forget(revoked))
                        .flatMapMerge(1024, pair -> pair.second()))
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.foreach(aggregator::accept), Keep.left())
            .run(system);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "playhead-qoe-aggregates",
            () -> {
              stop.shutdown();
              admin.close(Duration.ofSeconds(2));
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return aggregator;
  }

  /** For tests and tools that feed records themselves. */
  static QoeAggregator of(QoeAggregates aggregates, Clock clock, String sessionsTopic) {
    return new QoeAggregator(aggregates, clock, sessionsTopic);
  }

  /** Every key's figures on this node now. */
  public synchronized Map<QoeAggregates.Key, QoeStats> figures() {
    return aggregates.figures(clock.millis());
  }

  synchronized void accept(ConsumerRecord<String, byte[]> record) {
    try {
      if (record.topic().equals(sessionsTopic)) {
        aggregates.session(
            SessionEvent.parseFrom(record.value()), record.partition(), clock.millis());
      } else {
        aggregates.sample(QoeSample.parseFrom(record.value()), record.partition(), clock.millis());
      }
    } catch (InvalidProtocolBufferException | NullPointerException e) {
      // Not our contract (a hand-written record): counted and skipped, never a stopped consumer.
      if (malformed++ % 1000 == 0) {
        log.warn(
            "Skipping a record that is not a playhead.events.v1 message on {}", record.topic());
      }
    }
  }

  private synchronized void forget(Set<TopicPartition> revoked) {
    aggregates.forgetPartitions(
        revoked.stream().map(TopicPartition::partition).collect(Collectors.toSet()));
  }

  /** The first offset at or after {@code timestampMs} of each partition, else its end. */
  private static CompletionStage<Map<TopicPartition, Object>> offsetsAt(
      Admin admin, Set<TopicPartition> partitions, long timestampMs) {
    Map<TopicPartition, OffsetSpec> atTime =
        partitions.stream()
            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.forTimestamp(timestampMs)));
    Map<TopicPartition, OffsetSpec> atEnd =
        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    CompletionStage<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> byTime =
        admin.listOffsets(atTime).all().toCompletionStage();
    CompletionStage<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> ends =
        admin.listOffsets(atEnd).all().toCompletionStage();
    return byTime.thenCombine(
        ends,
        (time, end) -> {
          Map<TopicPartition, Object> offsets = new HashMap<>();
          for (TopicPartition p : partitions) {
            long offset = time.get(p).offset();
            offsets.put(p, offset >= 0 ? offset : end.get(p).offset());
          }
          return offsets;
        });
  }

  /** The dimension values of one kind, busiest first (by plays, then concurrent plays). */
  static List<Map.Entry<QoeAggregates.Key, QoeStats>> busiest(
      Map<QoeAggregates.Key, QoeStats> figures, QoeAggregates.Dimension dimension) {
    return figures.entrySet().stream()
        .filter(e -> e.getKey().dimension() == dimension)
        .sorted(
            (x, y) -> {
              int byPlays = Long.compare(y.getValue().plays(), x.getValue().plays());
              return byPlays != 0
                  ? byPlays
                  : Long.compare(y.getValue().concurrentPlays(), x.getValue().concurrentPlays());
            })
        .toList();
  }
}
