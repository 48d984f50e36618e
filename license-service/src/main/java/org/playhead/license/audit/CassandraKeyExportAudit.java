package org.playhead.license.audit;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * {@code <keyspace>.content_key_exports} (schema V006): one partition per title, newest first, so
 * an operator reads a title's history with one query ({@code SELECT * FROM
 * playhead.content_key_exports WHERE title_id = ?}) or through the SRE API.
 */
public final class CassandraKeyExportAudit implements KeyExportAudit {
  private final CassandraSession session;
  private final Materializer materializer;
  private final String table;

  public CassandraKeyExportAudit(
      CassandraSession session, String keyspace, Materializer materializer) {
    this.session = session;
    this.materializer = materializer;
    this.table = keyspace + ".content_key_exports";
  }

  @Override
  public CompletionStage<Done> record(KeyExport e) {
    return session.executeWrite(
        "INSERT INTO "
            + table
            + " (title_id, exported_at, export_id, packager, action, track_types, key_ids)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        e.titleId(),
        Instant.ofEpochMilli(e.atMs()),
        UUID.fromString(e.exportId()),
        e.packager(),
        e.action(),
        e.trackTypes(),
        e.keyIds());
  }

  @Override
  public CompletionStage<List<KeyExport>> recent(String titleId, int limit) {
    return session
        .select(
            "SELECT title_id, exported_at, export_id, packager, action, track_types, key_ids FROM "
                + table
                + " WHERE title_id = ? LIMIT "
                + Math.max(1, limit),
            titleId)
        .map(CassandraKeyExportAudit::export)
        .runWith(Sink.seq(), materializer);
  }

  private static KeyExport export(Row row) {
    return new KeyExport(
        row.getString("title_id"),
        row.getInstant("exported_at").toEpochMilli(),
        row.getUuid("export_id").toString(),
        row.getString("packager"),
        row.getString("action"),
        row.getList("track_types", String.class),
        row.getList("key_ids", String.class));
  }
}
