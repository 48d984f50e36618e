package org.playhead.chaos.verify;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.playhead.chaos.load.AsyncLimiter;

/**
 * Reads the journal itself (pekko-persistence-cassandra's {@code messages} table, whose layout is
 * that plugin's published schema) over CQL: every row's sequence number, writer id and manifest.
 * Never the events' payloads: those are the node's private format, read through the care API.
 */
final class JournalReader implements AutoCloseable {
  private final CqlSession session;
  private final PreparedStatement rows;
  private final long partitionSize;
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
    this.partitionSize = partitionSize;
  }

  /** Every row of a persistence id, oldest first. */
  CompletableFuture<List<JournalRow>> read(String persistenceId) {
    return readPartition(persistenceId, 0, new ArrayList<>());
  }

  private CompletableFuture<List<JournalRow>> readPartition(
      String persistenceId, long partition, List<JournalRow> into) {
    return limiter
        .run(
            () ->
                collect(
                    session.executeAsync(rows.bind(persistenceId, partition)),
                    persistenceId,
                    partition,
                    into))
        .thenCompose(
            read -> {
              long last = read.isEmpty() ? 0 : read.get(read.size() - 1).sequenceNr();
              // The journal moves to the next partition when a write would not fit: read on while
              // this one is (nearly) full.
              if (!read.isEmpty() && last >= (partition + 1) * partitionSize - 1_000) {
                return readPartition(persistenceId, partition + 1, read);
              }
              return CompletableFuture.completedFuture(read);
            });
  }

  private CompletableFuture<List<JournalRow>> collect(
      CompletionStage<AsyncResultSet> page,
      String persistenceId,
      long partition,
      List<JournalRow> into) {
    return page.toCompletableFuture()
        .thenCompose(
            result -> {
              for (Row row : result.currentPage()) {
                into.add(
                    new JournalRow(
                        persistenceId,
                        partition,
                        row.getLong("sequence_nr"),
                        row.getString("writer_uuid"),
                        Uuids.unixTimestamp(row.getUuid("timestamp")),
                        row.getString("ser_manifest")));
              }
              if (result.hasMorePages()) {
                return collect(result.fetchNextPage(), persistenceId, partition, into);
              }
              return CompletableFuture.completedFuture(into);
            });
  }

  @Override
  public void close() {
    session.close();
  }
}
