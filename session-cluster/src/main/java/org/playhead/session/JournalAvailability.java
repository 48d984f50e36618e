package org.playhead.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Whether this node can reach Cassandra right now, as the journal's driver sees its nodes: told by
 * the driver's node state listener (see {@code MeteredSessionProvider}) when a Cassandra node goes
 * down or comes back up.
 *
 * <p>Why entities ask: a write that fails stops an event-sourced entity, and it cannot start again
 * until Cassandra is back, so every heartbeat to it waits meanwhile. While Cassandra is away a live
 * session keeps what its heartbeats change in memory and writes it once Cassandra is back, instead
 * of attempting a write that is bound to fail.
 *
 * <p>Optimistic: available until the driver reports every node it knows down (and for a node or a
 * test without a driver at all).
 */
public final class JournalAvailability implements Extension {

  private final Set<Object> down = ConcurrentHashMap.newKeySet();
  private final Set<Object> up = ConcurrentHashMap.newKeySet();
  private volatile boolean available = true;

  public static JournalAvailability get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** Cassandra answers: no node is known, or at least one is up. */
  public boolean isAvailable() {
    return available;
  }

  /** The driver lost its last connection to {@code node}. */
  public void nodeDown(Object node) {
    up.remove(node);
    down.add(node);
    recompute();
  }

  /** The driver (re)connected to {@code node}. */
  public void nodeUp(Object node) {
    down.remove(node);
    up.add(node);
    recompute();
  }

  /** The driver forgot {@code node} (it left the Cassandra cluster). */
  public void nodeRemoved(Object node) {
    down.remove(node);
    up.remove(node);
    recompute();
  }

  private void recompute() {
    available = !up.isEmpty() || down.isEmpty();
  }

  static final class Id extends ExtensionId<JournalAvailability> {
    static final Id INSTANCE = new Id();

    @Override
    public JournalAvailability createExtension(ActorSystem<?> system) {
      return new JournalAvailability();
    }
  }
}
