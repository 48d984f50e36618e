package org.playhead.session.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * The handler of one journal projection instance (one tag): maps each batch of journal events to
 * Kafka records, in journal order, and completes when Kafka acknowledged all of them, after which
 * the projection saves its offset. A failure anywhere fails the batch: the projection restarts from
 * its last saved offset and publishes again (at least once; event ids say what is a repeat).
 */
final class JournalPublisher<E> extends Handler<List<EventEnvelope<E>>> {

  /** The records one journal event publishes (none, one, or a few). */
  @FunctionalInterface
  interface RecordsOf<E> {
    CompletionStage<List<ProducerRecord<String, byte[]>>> apply(EventEnvelope<E> envelope);

    /**
     * A batch failed: what was remembered while mapping it may be ahead of what Kafka has, and the
     * projection will deliver the batch again. Forget it.
     */
    default void batchFailed() {}
  }

  private final KafkaPublisher kafka;
  private final RecordsOf<E> records;
  private final AnalyticsMeters.Journal meters;

  JournalPublisher(KafkaPublisher kafka, RecordsOf<E> records, AnalyticsMeters.Journal meters) {
    this.kafka = kafka;
    this.records = records;
    this.meters = meters;
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<E>> envelopes) {
    // Mapped one after another: a session's meaning depends on its previous event.
    CompletionStage<List<ProducerRecord<String, byte[]>>> mapped =
        CompletableFuture.completedFuture(new ArrayList<>(envelopes.size()));
    for (EventEnvelope<E> envelope : envelopes) {
      mapped =
          mapped.thenCompose(
              all ->
                  records
                      .apply(envelope)
                      .thenApply(
                          some -> {
                            all.addAll(some);
                            return all;
                          }));
    }
    return mapped
        .whenComplete(
            (all, failure) -> {
              if (failure != null) {
                records.batchFailed();
              }
            })
        .thenCompose(
            all ->
                kafka
                    .sendAll(all)
                    .whenComplete(
                        (done, failure) -> {
                          if (failure == null) {
                            meters.published(all.size());
                          } else {
                            records.batchFailed();
                            meters.failedBatch();
                          }
                        }));
  }
}
