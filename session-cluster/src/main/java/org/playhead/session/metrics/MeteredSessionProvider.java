package org.playhead.session.metrics;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.micrometer.core.instrument.Gauge;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.stream.connectors.cassandra.CqlSessionProvider;
import org.apache.pekko.stream.connectors.cassandra.DriverConfigLoaderFromConfig;
import org.playhead.session.JournalAvailability;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The Cassandra session of pekko-persistence-cassandra (journal, snapshots, queries share it),
 * built as the plugin's default provider builds it, plus {@link JournalWriteTracker} and the node
 * states that {@link JournalAvailability} follows. Configured as {@code
 * pekko.persistence.cassandra.session-provider} in persistence.conf; the plugin instantiates it
 * with the classic actor system and its config section.
 */
public final class MeteredSessionProvider implements CqlSessionProvider {
  private final ActorSystem system;
  private final Config config;

  public MeteredSessionProvider(ActorSystem system, Config config) {
    this.system = system;
    this.config = config;
  }

  @Override
  public Future<CqlSession> connect(ExecutionContext ec) {
    if (!config.getString("service-discovery.name").isEmpty()) {
      // The default provider would switch to Pekko Discovery here; Playhead reaches Cassandra by
      // contact points (a headless Service's DNS name on Kubernetes) and says so rather than
      // silently dropping the journal metrics.
      throw new IllegalArgumentException(
          "pekko.persistence.cassandra.service-discovery is not supported by "
              + MeteredSessionProvider.class.getName()
              + ": set datastax-java-driver.basic.contact-points instead");
    }
    Config driverConfig = CqlSessionProvider.driverConfig(system, config);
    String journalTable =
        system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace")
            + "."
            + system.settings().config().getString("pekko.persistence.cassandra.journal.table");
    PlayheadMetrics metrics = PlayheadMetrics.get(Adapter.toTyped(system));
    JournalAvailability availability = JournalAvailability.get(Adapter.toTyped(system));
    Gauge.builder(PlayheadMetrics.CASSANDRA_AVAILABLE, availability, a -> a.isAvailable() ? 1 : 0)
        .description("1 while the journal's driver has a Cassandra node up, 0 while none is")
        .register(metrics.registry());
    return FutureConverters.asScala(
        CqlSession.builder()
            .withConfigLoader(DriverConfigLoaderFromConfig.fromConfig(driverConfig))
            .addRequestTracker(new JournalWriteTracker(metrics, journalTable))
            .addNodeStateListener(new CassandraNodeStates(availability))
            .buildAsync());
  }
}
