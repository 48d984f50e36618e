package org.playhead.session.analytics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.stream.Materializer;
import org.playhead.session.PlaybackSession;
import org.playhead.session.SessionPhase;

/**
 * The sessions projection's mapping: each session's {@link SessionTrack} is kept between its events
 * (bounded, least recently used first out), and rebuilt from the session's own journal when it is
 * missing or behind: after a restart, an eviction, or a redelivery from an older offset. Used by
 * one projection instance, which hands it one event at a time.
 */
final class SessionJournalRecords implements JournalPublisher.RecordsOf<PlaybackSession.Event> {
  private final String topic;
  private final CassandraReadJournal journal;
  private final Materializer materializer;
  private final Map<String, SessionTrack> tracks;
  private final AnalyticsMeters.Journal meters;

  SessionJournalRecords(
      ActorSystem<?> system, String topic, int maxTracks, AnalyticsMeters.Journal meters) {
    this.topic = topic;
    this.journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.materializer = Materializer.matFromSystem(system);
    this.meters = meters;
    this.tracks =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SessionTrack> eldest) {
            return size() > maxTracks;
          }
        };
  }

  @Override
  public CompletionStage<List<ProducerRecord<String, byte[]>>> apply(
      EventEnvelope<PlaybackSession.Event> envelope) {
    String persistenceId = envelope.persistenceId();
    String sessionId = KafkaRecords.entityIdOf(persistenceId);
    long sequenceNr = envelope.sequenceNr();
    SessionTrack known = tracks.get(persistenceId);
    CompletionStage<SessionTrack> before =
        known != null && known.sequenceNr() == sequenceNr - 1
            ? CompletableFuture.completedFuture(known)
            : rebuild(persistenceId, sessionId, sequenceNr - 1);
    return before.thenApply(
        track -> {
          SessionEventMapper.Step step =
              SessionEventMapper.apply(
                  track, persistenceId, sessionId, sequenceNr, envelope.event());
          if (step.track().phase() == SessionPhase.STOPPED) {
            tracks.remove(persistenceId);
          } else {
            tracks.put(persistenceId, step.track());
          }
          return step.events().stream()
              .map(event -> KafkaRecords.of(topic, sessionId, event))
              .toList();
        });
  }

  /** The track after the session's events 1 to {@code toSequenceNr}, read from its journal. */
  private CompletionStage<SessionTrack> rebuild(
      String persistenceId, String sessionId, long toSequenceNr) {
    if (toSequenceNr <= 0) {
      return CompletableFuture.completedFuture(SessionTrack.EMPTY);
    }
    meters.rebuilt();
    return journal
        .currentEventsByPersistenceId(persistenceId, 1L, toSequenceNr)
        .runFold(
            SessionTrack.EMPTY,
            (track, envelope) ->
                SessionEventMapper.apply(
                        track,
                        persistenceId,
                        sessionId,
                        envelope.sequenceNr(),
                        (PlaybackSession.Event) envelope.event())
                    .track(),
            materializer);
  }
}
