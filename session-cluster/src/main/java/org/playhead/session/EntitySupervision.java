package org.playhead.session;

import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/**
 * How every entity here restarts after a journal failure: soon, then backing off to 1 s. An entity
 * waiting out its backoff answers nothing, so the cap is how late it notices Cassandra back: 5 s
 * made most of a node's failed entities answer 5 s after Cassandra returned. A retry while
 * Cassandra is still away costs little (the driver and the circuit breakers refuse at once).
 */
final class EntitySupervision {
  private EntitySupervision() {}

  static final BackoffSupervisorStrategy RESTART_WITH_BACKOFF =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2);
}
