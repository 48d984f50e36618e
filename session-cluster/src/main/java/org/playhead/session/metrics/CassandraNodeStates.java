package org.playhead.session.metrics;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeStateListener;
import org.playhead.session.JournalAvailability;

/**
 * Tells {@link JournalAvailability} what the journal's driver learns about Cassandra's nodes: a
 * node is down when the driver has lost every connection to it (and is reconnecting), up again when
 * a connection succeeds.
 */
final class CassandraNodeStates implements NodeStateListener {
  private final JournalAvailability availability;

  CassandraNodeStates(JournalAvailability availability) {
    this.availability = availability;
  }

  @Override
  public void onAdd(Node node) {}

  @Override
  public void onUp(Node node) {
    availability.nodeUp(node);
  }

  @Override
  public void onDown(Node node) {
    availability.nodeDown(node);
  }

  @Override
  public void onRemove(Node node) {
    availability.nodeRemoved(node);
  }

  @Override
  public void close() {}
}
