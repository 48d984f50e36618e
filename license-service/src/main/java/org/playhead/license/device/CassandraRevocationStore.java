package org.playhead.license.device;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * {@code <keyspace>.device_revocations} (schema V006): one row per revoked certificate, through the
 * persistence plugin's Cassandra session. The table stays small (models, and the few devices
 * revoked one by one), so every node reads it whole.
 */
public final class CassandraRevocationStore implements RevocationStore {
  /** More than any list should ever hold: a bound on what one reload reads into memory. */
  static final int MAX_ROWS = 100_000;

  private final CassandraSession session;
  private final Materializer materializer;
  private final String table;

  public CassandraRevocationStore(
      CassandraSession session, String keyspace, Materializer materializer) {
    this.session = session;
    this.materializer = materializer;
    this.table = keyspace + ".device_revocations";
  }

  @Override
  public CompletionStage<Done> save(Revocation r) {
    return session.executeWrite(
        "INSERT INTO "
            + table
            + " (fingerprint, why, revoked_by, revoked_at_ms) VALUES (?, ?, ?, ?)",
        r.fingerprint(),
        r.why(),
        r.revokedBy(),
        r.revokedAtMs());
  }

  @Override
  public CompletionStage<Done> remove(String fingerprint) {
    return session.executeWrite("DELETE FROM " + table + " WHERE fingerprint = ?", fingerprint);
  }

  @Override
  public CompletionStage<List<Revocation>> loadAll() {
    return session
        .select("SELECT fingerprint, why, revoked_by, revoked_at_ms FROM " + table)
        .take(MAX_ROWS)
        .map(CassandraRevocationStore::revocation)
        .runWith(Sink.seq(), materializer);
  }

  private static Revocation revocation(Row row) {
    return new Revocation(
        row.getString("fingerprint"),
        row.getString("why"),
        row.getString("revoked_by"),
        row.getLong("revoked_at_ms"));
  }
}
