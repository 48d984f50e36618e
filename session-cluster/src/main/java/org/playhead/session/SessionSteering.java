package org.playhead.session;

import java.time.Duration;
import java.util.List;
import org.playhead.steering.Demotions;
import org.playhead.steering.SteeringAnswer;

/**
 * What a session asks of steering: a decision for its title and client (made in-process from the
 * node's replicated view of the caches, never a remote call), and where its player's failures go
 * (they count against the cache's health).
 */
public interface SessionSteering {

  /**
   * @param clientAddress an address already validated at the edge
   * @return the ranked caches, the origin last; {@code null} only for an unparsable address
   */
  SteeringAnswer decide(String clientAddress, String titleId, Demotions demotions, long nowMs);

  /**
   * A session's player reported that {@code pathway} (a cache id) failed.
   *
   * @param network the session's client network ({@link org.playhead.steering.ClientNetworks}): a
   *     cache is unhealthy only when players on several networks report it
   */
  void playerFailure(String pathway, String sessionId, long network);

  /** How long a demotion lasts, and the TTL players are told. */
  Duration ttl();

  /** For behavior tests: no caches, the answer is an origin alone. */
  SessionSteering NONE =
      new SessionSteering() {
        @Override
        public SteeringAnswer decide(
            String clientAddress, String titleId, Demotions demotions, long nowMs) {
          return new SteeringAnswer(
              "none",
              "",
              List.of(
                  new SteeringAnswer.Choice(
                      "origin", "http://origin.invalid/", "origin", "origin, the fallback")));
        }

        @Override
        public void playerFailure(String pathway, String sessionId, long network) {}

        @Override
        public Duration ttl() {
          return Duration.ofSeconds(60);
        }
      };
}
