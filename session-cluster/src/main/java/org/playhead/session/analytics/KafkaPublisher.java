package org.playhead.session.analytics;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;

/**
 * One Kafka producer of a node (pekko-connectors-kafka's {@link SendProducer}), for the journal
 * projections: idempotent, acks from all in-sync replicas (analytics.conf). Sends are started on
 * Kafka's own dispatcher, because a producer blocks its caller while it has no metadata or no
 * buffer (Kafka away): never on the threads that answer players.
 */
public final class KafkaPublisher {
  private final SendProducer<String, byte[]> producer;
  private final Executor kafkaThreads;

  private KafkaPublisher(SendProducer<String, byte[]> producer, Executor kafkaThreads) {
    this.producer = producer;
    this.kafkaThreads = kafkaThreads;
  }

  public static KafkaPublisher start(ActorSystem<?> system, String bootstrapServers) {
    ProducerSettings<String, byte[]> settings =
        ProducerSettings.create(system, new StringSerializer(), new ByteArraySerializer())
            .withBootstrapServers(bootstrapServers);
    KafkaPublisher publisher =
        new KafkaPublisher(
            new SendProducer<>(settings, system),
            system
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig("pekko.kafka.default-dispatcher")));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "playhead-kafka-producer",
            () -> publisher.producer.close().thenApply(done -> Done.getInstance()));
    return publisher;
  }

  /**
   * Sends in the order given (per-partition order holds); completes when Kafka acknowledged all.
   */
  public CompletionStage<Done> sendAll(List<ProducerRecord<String, byte[]>> records) {
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return CompletableFuture.supplyAsync(
            () -> {
              @SuppressWarnings("unchecked")
              CompletableFuture<RecordMetadata>[] acks = new CompletableFuture[records.size()];
              for (int i = 0; i < acks.length; i++) {
                acks[i] = producer.send(records.get(i)).toCompletableFuture();
              }
              return CompletableFuture.allOf(acks);
            },
            kafkaThreads)
        .thenCompose(all -> all)
        .thenApply(all -> Done.getInstance());
  }
}
