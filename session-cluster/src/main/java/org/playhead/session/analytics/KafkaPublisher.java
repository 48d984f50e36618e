package org.playhead.session.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.kafka.ProducerSettings;

/**
 * One Kafka producer of a node for the journal projections, built from pekko-connectors-kafka's
 * {@link ProducerSettings}: idempotent, acks from all in-sync replicas (analytics.conf). Records
 * are handed to the client one after another on one thread, in the order given: connectors-kafka's
 * SendProducer hands each record to the client from a task of its own, and two such tasks of one
 * batch were seen appending a session's events to its partition in the wrong order. Sends run on
 * Kafka's own dispatcher, because a producer blocks its caller while it has no metadata or no
 * buffer (Kafka away): never on the threads that answer players.
 */
public final class KafkaPublisher {
  private final Producer<String, byte[]> producer;
  private final Executor kafkaThreads;

  private KafkaPublisher(Producer<String, byte[]> producer, Executor kafkaThreads) {
    this.producer = producer;
    this.kafkaThreads = kafkaThreads;
  }

  public static KafkaPublisher start(ActorSystem<?> system, String bootstrapServers) {
    ProducerSettings<String, byte[]> settings =
        ProducerSettings.create(system, new StringSerializer(), new ByteArraySerializer())
            .withBootstrapServers(bootstrapServers);
    KafkaPublisher publisher =
        new KafkaPublisher(
            settings.createKafkaProducer(),
            system
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig("pekko.kafka.default-dispatcher")));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "playhead-kafka-producer",
            () ->
                CompletableFuture.supplyAsync(
                    () -> {
                      publisher.producer.close(java.time.Duration.ofSeconds(10));
                      return Done.getInstance();
                    },
                    publisher.kafkaThreads));
    return publisher;
  }

  /**
   * Sends in the order given (per-partition order holds); completes when Kafka acknowledged all.
   * Stops at the first record the producer refuses at once (no broker metadata or no buffer within
   * {@code max.block.ms}): sending the records after it could put a session's later event in Kafka
   * before its earlier one, which the batch's retry would then publish second.
   */
  public CompletionStage<Done> sendAll(List<ProducerRecord<String, byte[]>> records) {
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return CompletableFuture.supplyAsync(
            () -> {
              List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(records.size());
              for (ProducerRecord<String, byte[]> record : records) {
                CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
                try {
                  producer.send(
                      record,
                      (metadata, failure) -> {
                        if (failure == null) {
                          ack.complete(metadata);
                        } else {
                          ack.completeExceptionally(failure);
                        }
                      });
                } catch (RuntimeException refused) {
                  ack.completeExceptionally(refused);
                }
                acks.add(ack);
                if (ack.isCompletedExceptionally()) {
                  break;
                }
              }
              return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
            },
            kafkaThreads)
        .thenCompose(all -> all)
        .thenApply(all -> Done.getInstance());
  }
}
