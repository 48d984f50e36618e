package org.playhead.session.it;

import com.datastax.oss.driver.api.core.CqlSession;
import java.net.InetSocketAddress;

/** Reads the real journal in Cassandra, to count what the entities wrote. */
public final class Journal implements AutoCloseable {
  private final CqlSession session;

  public Journal() {
    this.session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", 9042))
            .withLocalDatacenter("datacenter1")
            .build();
  }

  /** Rows in {@code playhead.messages} for one session (every event is one row). */
  public long rowsFor(String sessionId) {
    return session
        .execute(
            "SELECT COUNT(*) FROM playhead.messages WHERE persistence_id = ? AND partition_nr = 0",
            "PlaybackSession|" + sessionId)
        .one()
        .getLong(0);
  }

  /** The manifests of the session's events, oldest first. */
  public java.util.List<String> manifestsFor(String sessionId) {
    return session
        .execute(
            "SELECT ser_manifest FROM playhead.messages WHERE persistence_id = ? AND partition_nr = 0",
            "PlaybackSession|" + sessionId)
        .all()
        .stream()
        .map(row -> row.getString(0))
        .toList();
  }

  /** Every event of an Account, oldest first, read back through its own serializer. */
  public java.util.List<Object> accountEvents(String accountId) {
    var serializer = new org.playhead.session.serialization.AccountEventSerializer();
    java.util.List<Object> events = new java.util.ArrayList<>();
    for (var row :
        session
            .execute(
                "SELECT ser_manifest, event FROM playhead.messages"
                    + " WHERE persistence_id = ? AND partition_nr = 0",
                "Account|" + accountId)
            .all()) {
      java.nio.ByteBuffer bytes = row.getByteBuffer(1);
      byte[] array = new byte[bytes.remaining()];
      bytes.get(array);
      try {
        events.add(serializer.fromBinary(array, row.getString(0)));
      } catch (java.io.NotSerializableException e) {
        throw new IllegalStateException(e);
      }
    }
    return events;
  }

  @Override
  public void close() {
    session.close();
  }
}
