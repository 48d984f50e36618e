package org.playhead.session.api;

import java.util.concurrent.CompletionStage;
import org.playhead.session.PlaybackSession;
import org.playhead.session.steering.NodeSteering;
import org.playhead.session.steering.SteeringUrls;
import org.playhead.steering.Demotions;
import org.playhead.steering.SteeringAnswer;

/**
 * StartPlayback's steering step, after the session started: the session ranks the caches for the
 * player and persists that decision; the answer carries the ranked list and the session's steering
 * URLs. Kept apart from the start itself so the start's other steps compose beside it.
 */
public final class SteeringStep {
  private final SessionGateway gateway;
  private final NodeSteering steering;
  private final SteeringUrls urls;

  public SteeringStep(SessionGateway gateway, NodeSteering steering, SteeringUrls urls) {
    this.gateway = gateway;
    this.steering = steering;
    this.urls = urls;
  }

  /**
   * What a started session's player is told about steering.
   *
   * @param answer the ranked caches, the origin last
   * @param persisted false when the session did not answer in time: the answer was decided here and
   *     not recorded (the player's first steering request records one)
   */
  public record Steered(
      String sessionId,
      String titleId,
      SteeringAnswer answer,
      boolean persisted,
      long ttlSeconds,
      String dashManifestUrl,
      String hlsPlaylistUrl,
      String dashSteeringUrl,
      String hlsSteeringUrl) {}

  public CompletionStage<Steered> afterStart(
      String sessionId, String titleId, String clientAddress, PlaybackSession.Caller caller) {
    return gateway
        .steer(sessionId, clientAddress, "start", caller)
        .handle(
            (reply, failure) -> {
              if (failure == null
                  && reply.outcome() == PlaybackSession.Outcome.OK
                  && reply.answer() != null) {
                return steered(sessionId, titleId, reply.answer(), true);
              }
              // Never fail a start over steering: decide here, from the same replicated view.
              SteeringAnswer local =
                  steering.decide(
                      clientAddress, titleId, Demotions.NONE, System.currentTimeMillis());
              return steered(sessionId, titleId, local, false);
            });
  }

  private Steered steered(
      String sessionId, String titleId, SteeringAnswer answer, boolean persisted) {
    return new Steered(
        sessionId,
        titleId,
        answer,
        persisted,
        steering.ttl().toSeconds(),
        urls.dashManifest(sessionId),
        urls.hlsPlaylist(sessionId),
        urls.dashSteering(sessionId),
        urls.hlsSteering(sessionId));
  }
}
