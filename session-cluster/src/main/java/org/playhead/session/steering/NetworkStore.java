package org.playhead.session.steering;

import com.datastax.oss.driver.api.core.cql.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Where the cluster keeps its delivery network: one row of {@code steering_network} (schema V010),
 * the file gzip-compressed. Shares the persistence plugin's Cassandra session.
 */
public final class NetworkStore {
  /** A stored network file and who loaded it when. */
  public record Stored(String text, String version, long loadedAtMs, String loadedBy) {}

  private static final String NAME = "current";
  private final CassandraSession session;
  private final String table;

  public NetworkStore(ActorSystem<?> system) {
    this.session =
        CassandraSessionRegistry.get(system.classicSystem())
            .sessionFor("pekko.persistence.cassandra");
    this.table =
        system.settings().config().getString("playhead.cassandra.keyspace") + ".steering_network";
  }

  public CompletionStage<Done> save(Stored network) {
    return session.executeWrite(
        "INSERT INTO "
            + table
            + " (name, version, loaded_at_ms, loaded_by, file_gzip) VALUES (?, ?, ?, ?, ?)",
        NAME,
        network.version(),
        network.loadedAtMs(),
        network.loadedBy(),
        ByteBuffer.wrap(gzip(network.text())));
  }

  public CompletionStage<Optional<Stored>> load() {
    return session
        .selectOne(
            "SELECT version, loaded_at_ms, loaded_by, file_gzip FROM " + table + " WHERE name = ?",
            NAME)
        .thenApply(row -> row.map(NetworkStore::stored));
  }

  private static Stored stored(Row row) {
    ByteBuffer blob = row.getByteBuffer("file_gzip");
    byte[] bytes = new byte[blob.remaining()];
    blob.get(bytes);
    return new Stored(
        gunzip(bytes),
        row.getString("version"),
        row.getLong("loaded_at_ms"),
        row.getString("loaded_by"));
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String gunzip(byte[] bytes) {
    try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
