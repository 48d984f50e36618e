package org.playhead.chaos.verify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.io.NotSerializableException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.playhead.chaos.load.AsyncLimiter;
import org.playhead.session.Account;
import org.playhead.session.serialization.AccountEventSerializer;

/**
 * Reads the journal itself (pekko-persistence-cassandra's {@code messages} table) over CQL: every
 * row's sequence number and writer id, and an account's events through the node's own serializer.
 */
final class JournalReader implements AutoCloseable {
  /** A journal's rows, and for an account its events (oldest first). */
  record Read(List<JournalRow> rows, List<Account.Event> events) {}

  private final CqlSession session;
  private final PreparedStatement rows;
  private final PreparedStatement rowsWithEvents;
  private final long partitionSize;
  private final AccountEventSerializer accountEvents = new AccountEventSerializer();
  private final AsyncLimiter limiter = new AsyncLimiter(64);

  /**
   * @param partitionSize the journal's {@code target-partition-size}: sequence numbers per
   *     partition
   */
  JournalReader(String host, int port, String datacenter, String keyspace, long partitionSize) {
    this.session =
        CqlSession.builder()
            .withConfigLoader(
                DriverConfigLoader.programmaticBuilder()
                    .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                    .withInt(DefaultDriverOption.REQUEST_PAGE_SIZE, 5_000)
                    .build())
            .addContactPoint(new InetSocketAddress(host, port))
            .withLocalDatacenter(datacenter)
            .build();
    String table = keyspace + ".messages";
    this.rows =
        session.prepare(
            "SELECT sequence_nr, timestamp, writer_uuid, ser_manifest FROM "
                + table
                + " WHERE persistence_id = ? AND partition_nr = ?");
    this.rowsWithEvents =
        session.prepare(
            "SELECT sequence_nr, timestamp, writer_uuid, ser_id, ser_manifest, event FROM "
                + table
                + " WHERE persistence_id = ? AND partition_nr = ?");
    this.partitionSize = partitionSize;
  }

  /** Every row of a persistence id, and its events when it is an account's. */
  CompletableFuture<Read> read(String persistenceId) {
    boolean account = persistenceId.startsWith(Account.ENTITY_KEY.name() + "|");
    return readPartition(persistenceId, 0, account, new Read(new ArrayList<>(), new ArrayList<>()));
  }

  private CompletableFuture<Read> readPartition(
      String persistenceId, long partition, boolean withEvents, Read into) {
    PreparedStatement statement = withEvents ? rowsWithEvents : rows;
    return limiter
        .run(
            () ->
                collect(
                    session.executeAsync(statement.bind(persistenceId, partition)),
                    persistenceId,
                    partition,
                    withEvents,
                    into))
        .thenCompose(
            read -> {
              long last =
                  read.rows().isEmpty() ? 0 : read.rows().get(read.rows().size() - 1).sequenceNr();
              // The journal moves to the next partition when a write would not fit: read on while
              // this one is (nearly) full.
              if (!read.rows().isEmpty() && last >= (partition + 1) * partitionSize - 1_000) {
                return readPartition(persistenceId, partition + 1, withEvents, read);
              }
              return CompletableFuture.completedFuture(read);
            });
  }

  private CompletableFuture<Read> collect(
      CompletionStage<AsyncResultSet> page,
      String persistenceId,
      long partition,
      boolean withEvents,
      Read into) {
    return page.toCompletableFuture()
        .thenCompose(
            result -> {
              for (Row row : result.currentPage()) {
                into.rows()
                    .add(
                        new JournalRow(
                            persistenceId,
                            partition,
                            row.getLong("sequence_nr"),
                            row.getString("writer_uuid"),
                            Uuids.unixTimestamp(row.getUuid("timestamp")),
                            row.getString("ser_manifest")));
                if (withEvents) {
                  into.events().add(accountEvent(persistenceId, row));
                }
              }
              if (result.hasMorePages()) {
                return collect(result.fetchNextPage(), persistenceId, partition, withEvents, into);
              }
              return CompletableFuture.completedFuture(into);
            });
  }

  private Account.Event accountEvent(String persistenceId, Row row) {
    int serializer = row.getInt("ser_id");
    String manifest = row.getString("ser_manifest");
    if (serializer != AccountEventSerializer.IDENTIFIER) {
      throw new IllegalStateException(
          persistenceId
              + " #"
              + row.getLong("sequence_nr")
              + " was written by serializer "
              + serializer
              + ", not the account's");
    }
    ByteBuffer buffer = row.getByteBuffer("event");
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    try {
      Object event = accountEvents.fromBinary(bytes, manifest);
      if (event instanceof Account.Event accountEvent) {
        return accountEvent;
      }
      throw new IllegalStateException(persistenceId + ": " + manifest + " is not an account event");
    } catch (NotSerializableException e) {
      throw new IllegalStateException(persistenceId + ": cannot read " + manifest, e);
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
