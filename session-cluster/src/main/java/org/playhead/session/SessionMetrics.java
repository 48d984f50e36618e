package org.playhead.session;

/**
 * What a session entity tells the node's metrics about its lifecycle. The entity calls these from
 * its own actor, never per heartbeat, so an implementation may be as simple as a counter.
 */
public interface SessionMetrics {
  /** A new session's start was persisted (idempotent retries are not starts). */
  void started();

  /** A live session became resident on this node: it started, or recovered live after a move. */
  void activated();

  /** A live session left this node's memory or ended: stopped, passivated or handed off. */
  void deactivated();

  /** For behavior tests and tools that run entities without a node's metrics. */
  SessionMetrics NONE =
      new SessionMetrics() {
        @Override
        public void started() {}

        @Override
        public void activated() {}

        @Override
        public void deactivated() {}
      };
}
