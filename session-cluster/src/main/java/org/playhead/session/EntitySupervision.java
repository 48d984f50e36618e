package org.playhead.session;

import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/** How every entity here restarts after a journal failure: soon, then backing off to 5 s. */
final class EntitySupervision {
  private EntitySupervision() {}

  static final BackoffSupervisorStrategy RESTART_WITH_BACKOFF =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1);
}
