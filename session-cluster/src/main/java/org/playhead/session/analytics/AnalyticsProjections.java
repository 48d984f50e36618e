package org.playhead.session.analytics;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.playhead.license.ledger.LicenseLedger;
import org.playhead.session.Account;
import org.playhead.session.PlaybackSession;

/**
 * The journal projections: sessions, accounts and license ledgers to Kafka. One projection instance
 * per tag, run by Sharded Daemon Process so the instances spread over the cluster and move to
 * another node when theirs dies; each reads its tag's events in order (per entity) and saves its
 * offset in Cassandra after Kafka acknowledged a batch. Restart-safe: a new instance resumes from
 * the saved offset, and what it publishes again carries the same event ids.
 */
public final class AnalyticsProjections {
  public static final String SESSIONS = "playhead-sessions-to-kafka";
  public static final String ACCOUNTS = "playhead-accounts-to-kafka";
  public static final String LICENSES = "playhead-licenses-to-kafka";

  private AnalyticsProjections() {}

  public static void start(
      ActorSystem<?> system,
      AnalyticsSettings settings,
      KafkaPublisher kafka,
      AnalyticsMeters meters) {
    AnalyticsMeters.Journal sessionMeters = meters.journal("sessions");
    run(
        system,
        settings,
        SESSIONS,
        new EventTags(EventTags.SESSION_PREFIX, settings.sessionTags()).all(),
        () ->
            new JournalPublisher<PlaybackSession.Event>(
                kafka,
                new SessionJournalRecords(
                    system, settings.sessionsTopic(), settings.cachedSessions(), sessionMeters),
                sessionMeters));
    AnalyticsMeters.Journal accountMeters = meters.journal("accounts");
    run(
        system,
        settings,
        ACCOUNTS,
        new EventTags(EventTags.ACCOUNT_PREFIX, settings.accountTags()).all(),
        () ->
            new JournalPublisher<Account.Event>(
                kafka,
                envelope -> {
                  String accountId = KafkaRecords.entityIdOf(envelope.persistenceId());
                  return CompletableFuture.completedFuture(
                      AccountEventMapper.map(
                              envelope.persistenceId(),
                              accountId,
                              envelope.sequenceNr(),
                              envelope.event())
                          .map(
                              e -> List.of(KafkaRecords.of(settings.accountsTopic(), accountId, e)))
                          .orElse(List.of()));
                },
                accountMeters));
    AnalyticsMeters.Journal licenseMeters = meters.journal("licenses");
    run(
        system,
        settings,
        LICENSES,
        new EventTags(LicenseLedger.TAG_PREFIX, settings.licenseTags()).all(),
        () ->
            new JournalPublisher<LicenseLedger.Event>(
                kafka,
                envelope -> {
                  String sessionId = KafkaRecords.entityIdOf(envelope.persistenceId());
                  return CompletableFuture.completedFuture(
                      LicenseEventMapper.map(
                              envelope.persistenceId(),
                              sessionId,
                              envelope.sequenceNr(),
                              envelope.event())
                          .map(
                              e -> List.of(KafkaRecords.of(settings.sessionsTopic(), sessionId, e)))
                          .orElse(List.of()));
                },
                licenseMeters));
  }

  private static <E> void run(
      ActorSystem<?> system,
      AnalyticsSettings settings,
      String name,
      List<String> tags,
      Supplier<Handler<List<EventEnvelope<E>>>> handler) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            name,
            tags.size(),
            i ->
                ProjectionBehavior.create(projection(system, settings, name, tags.get(i), handler)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static <E> Projection<EventEnvelope<E>> projection(
      ActorSystem<?> system,
      AnalyticsSettings settings,
      String name,
      String tag,
      Supplier<Handler<List<EventEnvelope<E>>>> handler) {
    SourceProvider<Offset, EventEnvelope<E>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    return CassandraProjection.groupedWithin(ProjectionId.of(name, tag), source, handler)
        .withGroup(settings.groupSize(), settings.groupWithin())
        .withRestartBackoff(settings.restartMinBackoff(), settings.restartMaxBackoff(), 0.2);
  }
}
