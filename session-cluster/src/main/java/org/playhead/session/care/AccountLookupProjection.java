package org.playhead.session.care;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.Handler;
import org.playhead.session.Account;
import org.playhead.session.analytics.AnalyticsSettings;
import org.playhead.session.analytics.EventTags;
import org.playhead.session.analytics.KafkaRecords;

/**
 * Keeps {@link AccountLookup} from the account journal: one projection instance per account tag,
 * run by Sharded Daemon Process like the analytics projections, offsets in Cassandra. At least
 * once: after a restart it replays from its last saved offset, and every update is an idempotent
 * upsert or delete, applied in journal order per account. Runs whether or not analytics publish to
 * Kafka (the tags are always written).
 */
public final class AccountLookupProjection {
  public static final String NAME = "playhead-account-lookup";
  private static final int SAVE_OFFSET_AFTER = 100;
  private static final Duration SAVE_OFFSET_WITHIN = Duration.ofSeconds(1);

  private AccountLookupProjection() {}

  public static void start(
      ActorSystem<?> system, AnalyticsSettings settings, EventTags accountTags) {
    AccountLookup lookup = new AccountLookup(system);
    List<String> tags = accountTags.all();
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            tags.size(),
            i -> ProjectionBehavior.create(projection(system, settings, tags.get(i), lookup)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static Projection<EventEnvelope<Account.Event>> projection(
      ActorSystem<?> system, AnalyticsSettings settings, String tag, AccountLookup lookup) {
    return CassandraProjection.atLeastOnce(
            ProjectionId.of(NAME, tag),
            EventSourcedProvider.<Account.Event>eventsByTag(
                system, CassandraReadJournal.Identifier(), tag),
            () -> new Updater(lookup))
        .withSaveOffset(SAVE_OFFSET_AFTER, SAVE_OFFSET_WITHIN)
        .withRestartBackoff(settings.restartMinBackoff(), settings.restartMaxBackoff(), 0.2);
  }

  /** Applies one event's updates one after another: a removal after its registration. */
  static final class Updater extends Handler<EventEnvelope<Account.Event>> {
    private final AccountLookup lookup;

    Updater(AccountLookup lookup) {
      this.lookup = lookup;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<Account.Event> envelope) {
      String accountId = KafkaRecords.entityIdOf(envelope.persistenceId());
      CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
      for (AccountLookupUpdates.Update update :
          AccountLookupUpdates.of(accountId, envelope.event())) {
        done = done.thenCompose(previous -> lookup.apply(update));
      }
      return done;
    }
  }
}
