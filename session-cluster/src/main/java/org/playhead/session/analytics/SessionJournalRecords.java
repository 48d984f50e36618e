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
    if (known != null && sequenceNr <= known.sequenceNr()) {
      // Published already, by the catch-up below: an event the tag query delivered late.
      return CompletableFuture.completedFuture(List.of());
    }
    CompletionStage<SessionEventMapper.Step> before;
    if (known != null && known.sequenceNr() == sequenceNr - 1) {
      before = CompletableFuture.completedFuture(new SessionEventMapper.Step(known, List.of()));
    } else {
      // Unknown here (a restarted projection, an evicted track) or events missing before this one
      // (the tag query saw a later event first: its earlier one was written slowly). The journal
      // has them all: publish what precedes this event from it first, so that a session's events
      // reach Kafka in order. Some are repeats; their ids say so.
      before =
          catchUp(
              persistenceId, sessionId, known == null ? SessionTrack.EMPTY : known, sequenceNr - 1);
    }
    return before.thenApply(
        caughtUp -> {
          SessionEventMapper.Step step =
              SessionEventMapper.apply(
                  caughtUp.track(), persistenceId, sessionId, sequenceNr, envelope.event());
          if (step.track().phase() == SessionPhase.STOPPED) {
            tracks.remove(persistenceId);
          } else {
            tracks.put(persistenceId, step.track());
          }
          return java.util.stream.Stream.concat(caughtUp.events().stream(), step.events().stream())
              .map(event -> KafkaRecords.of(topic, sessionId, event))
              .toList();
        });
  }

  /**
   * The tracks may be ahead of Kafka: after the retry each session is caught up from its journal
   * again (its earlier events published once more, in order).
   */
  @Override
  public void batchFailed() {
    tracks.clear();
  }

  /**
   * The session's events after {@code from} up to {@code toSequenceNr}, read from its journal: the
   * track after them and the events they publish.
   */
  private CompletionStage<SessionEventMapper.Step> catchUp(
      String persistenceId, String sessionId, SessionTrack from, long toSequenceNr) {
    if (toSequenceNr <= from.sequenceNr()) {
      return CompletableFuture.completedFuture(new SessionEventMapper.Step(from, List.of()));
    }
    meters.rebuilt();
    return journal
        .currentEventsByPersistenceId(persistenceId, from.sequenceNr() + 1, toSequenceNr)
        .runFold(
            new SessionEventMapper.Step(from, List.of()),
            (done, envelope) -> {
              SessionEventMapper.Step next =
                  SessionEventMapper.apply(
                      done.track(),
                      persistenceId,
                      sessionId,
                      envelope.sequenceNr(),
                      (PlaybackSession.Event) envelope.event());
              List<org.playhead.protocol.events.v1.SessionEvent> events =
                  new java.util.ArrayList<>(done.events());
              events.addAll(next.events());
              return new SessionEventMapper.Step(next.track(), events);
            },
            materializer);
  }
}
