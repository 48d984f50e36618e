package org.playhead.session.care;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.playhead.license.ledger.LicenseLedger;
import org.playhead.session.Account;
import org.playhead.session.PlaybackSession;
import org.playhead.session.care.TimelineEntries.Capped;

/**
 * What happened to one session, read back from what was persisted: the session's own journal, the
 * events of its account's journal that name it, and its license ledger (issues, renewals and
 * denials), merged in time order.
 *
 * <p>Reads with {@code currentEventsByPersistenceId}, a finite query over the journal's {@code
 * messages} table; it needs no tags (events-by-tag stays disabled). Each journal is read up to
 * {@link TimelineSettings#maxEventsRead()} events. Build one per node and share it: it holds the
 * read journal, whose Cassandra session is shared with the journal plugin.
 */
public final class SessionTimeline {
  private final CassandraReadJournal journal;
  private final Materializer materializer;
  private final TimelineSettings settings;

  public SessionTimeline(ActorSystem<?> system) {
    this(system, TimelineSettings.fromConfig(system.settings().config()));
  }

  public SessionTimeline(ActorSystem<?> system, TimelineSettings settings) {
    this.journal =
        PersistenceQuery.get(system.classicSystem())
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.materializer = Materializer.matFromSystem(system);
    this.settings = settings;
  }

  public TimelineSettings settings() {
    return settings;
  }

  /**
   * The session's timeline, oldest first; empty when the session never existed. Fails when a
   * journal read fails or takes longer than the read timeout.
   */
  public CompletionStage<Optional<Timeline>> read(String sessionId) {
    String sessionPid = PersistenceId.of(PlaybackSession.ENTITY_KEY.name(), sessionId).id();
    return scan(
            sessionPid,
            env ->
                Optional.of(
                    TimelineEntries.fromSessionEvent(
                        env.event(), env.sequenceNr(), env.timestamp())))
        .thenCompose(
            session -> {
              if (session.items().isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Timeline>empty());
              }
              Optional<String> accountId = TimelineEntries.accountOf(session.items());
              CompletionStage<Capped<TimelineEntry>> licenses =
                  scan(
                      LicenseLedger.persistenceId(sessionId).id(),
                      env ->
                          Optional.of(
                              TimelineEntries.fromLicenseEvent(
                                  env.event(), env.sequenceNr(), env.timestamp())));
              CompletionStage<Capped<TimelineEntry>> account =
                  accountId.isEmpty()
                      ? CompletableFuture.completedFuture(new Capped<>(List.of(), false))
                      : scan(
                          PersistenceId.of(Account.ENTITY_KEY.name(), accountId.get()).id(),
                          env ->
                              TimelineEntries.fromAccountEvent(
                                  sessionId, env.event(), env.sequenceNr(), env.timestamp()));
              return account.thenCombine(
                  licenses,
                  (acc, lic) ->
                      Optional.of(
                          new Timeline(
                              sessionId,
                              accountId.orElse(""),
                              TimelineEntries.merge(session.items(), acc.items(), lic.items()),
                              session.truncated() || acc.truncated() || lic.truncated())));
            });
  }

  /** {@link #read} in the JSON shape of {@code GET /v1/care/sessions/{id}/timeline}. */
  public CompletionStage<Optional<TimelineJson>> readJson(String sessionId) {
    return read(sessionId)
        .thenApply(t -> t.map(timeline -> TimelineJson.of(timeline, settings.maxEventsRead())));
  }

  /**
   * Reads one journal, at most {@code max-events-read} events (one more, to tell whether it was
   * cut), keeping the entries {@code toEntry} gives.
   */
  private CompletionStage<Capped<TimelineEntry>> scan(
      String persistenceId, Function<EventEnvelope, Optional<TimelineEntry>> toEntry) {
    int cap = settings.maxEventsRead();
    return journal
        .currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE)
        .take(cap + 1L)
        .map(toEntry::apply)
        .completionTimeout(settings.readTimeout())
        .runWith(Sink.seq(), materializer)
        .thenApply(read -> flatten(Capped.of(read, cap)));
  }

  private static Capped<TimelineEntry> flatten(Capped<Optional<TimelineEntry>> read) {
    List<TimelineEntry> kept = read.items().stream().flatMap(Optional::stream).toList();
    return new Capped<>(kept, read.truncated());
  }
}
