package org.playhead.license.vault;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.javadsl.Source;
import org.playhead.license.KeyId;
import org.playhead.license.TrackType;

/**
 * The vault's rows in {@code <keyspace>.license_content_keys} (schema V002), through the Cassandra
 * session that pekko-persistence-cassandra already holds: one driver, one connection pool per node.
 * Creation and re-wrapping are lightweight transactions, so concurrent nodes never overwrite a key
 * another node created, nor a re-wrap another node made.
 */
public final class CassandraVaultStore implements VaultStore {
  private static final String COLUMNS =
      "title_id, track_type, key_id, wrapped_key, master_key_id, created_at";

  private final CassandraSession session;
  private final CompletionStage<PreparedStatement> insert;
  private final CompletionStage<PreparedStatement> byTitle;
  private final CompletionStage<PreparedStatement> replace;
  private final String all;

  public CassandraVaultStore(CassandraSession session, String keyspace) {
    this.session = session;
    String table = keyspace + ".license_content_keys";
    this.insert =
        session.prepare(
            "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    this.byTitle = session.prepare("SELECT " + COLUMNS + " FROM " + table + " WHERE title_id = ?");
    this.replace =
        session.prepare(
            "UPDATE "
                + table
                + " SET wrapped_key = ?, master_key_id = ? WHERE title_id = ? AND track_type = ?"
                + " IF master_key_id = ?");
    this.all = "SELECT " + COLUMNS + " FROM " + table;
  }

  @Override
  public CompletionStage<VaultRow> insertIfAbsent(VaultRow row) {
    return insert
        .thenCompose(
            ps ->
                session.selectOne(
                    ps.bind(
                        row.titleId(),
                        row.trackType().name(),
                        ByteBuffer.wrap(row.keyId().bytes()),
                        ByteBuffer.wrap(row.wrappedKey()),
                        row.masterKeyId(),
                        Instant.ofEpochMilli(row.createdAtMs()))))
        .thenApply(
            result -> {
              Row r = result.orElseThrow(() -> new VaultException("no answer to a key insert"));
              // A refused LWT answers the row that is there.
              return r.getBoolean("[applied]") ? row : fromRow(r);
            });
  }

  @Override
  public CompletionStage<List<VaultRow>> rowsOf(String titleId) {
    return byTitle
        .thenCompose(ps -> session.selectAll(ps.bind(titleId)))
        .thenApply(rows -> rows.stream().map(CassandraVaultStore::fromRow).toList());
  }

  @Override
  public Source<VaultRow, NotUsed> allRows() {
    return session.select(all).map(CassandraVaultStore::fromRow);
  }

  @Override
  public CompletionStage<Boolean> replaceWrap(VaultRow rewrapped, String expectedMasterKeyId) {
    return replace
        .thenCompose(
            ps ->
                session.selectOne(
                    ps.bind(
                        ByteBuffer.wrap(rewrapped.wrappedKey()),
                        rewrapped.masterKeyId(),
                        rewrapped.titleId(),
                        rewrapped.trackType().name(),
                        expectedMasterKeyId)))
        .thenApply(result -> result.map(r -> r.getBoolean("[applied]")).orElse(false));
  }

  private static VaultRow fromRow(Row r) {
    Instant created = r.getInstant("created_at");
    return new VaultRow(
        r.getString("title_id"),
        TrackType.valueOf(r.getString("track_type")),
        KeyId.of(bytes(r.getByteBuffer("key_id"))),
        bytes(r.getByteBuffer("wrapped_key")),
        r.getString("master_key_id"),
        created == null ? 0 : created.toEpochMilli());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
