package org.playhead.chaos.verify;

/**
 * A session as the care API showed it after the drill ({@code GET /v1/care/sessions/{id}}).
 *
 * @param state {@code STARTING}, {@code PLAYING}, {@code PAUSED}, {@code REBUFFERING}, {@code
 *     SEEKING} or {@code STOPPED}
 * @param stopReason {@code USER}, {@code ENDED}, {@code EXPIRED}, {@code EVICTED}, {@code REVOKED},
 *     or null while live
 * @param error why the session could not be read, when {@link Status#UNREACHABLE}
 */
public record SessionObservation(
    String sessionId,
    Status status,
    String accountId,
    String profileId,
    String deviceId,
    String state,
    String stopReason,
    long positionMs,
    long lastHeartbeatAtMs,
    long stoppedAtMs,
    long leaseExpiresAtMs,
    String error) {

  public enum Status {
    FOUND,
    /** The cluster answered that there is no such session. */
    NOT_FOUND,
    /** No node answered (after retries): nothing can be said about it. */
    UNREACHABLE
  }

  public boolean found() {
    return status == Status.FOUND;
  }

  public boolean stopped() {
    return found() && "STOPPED".equals(state);
  }

  public static SessionObservation notFound(String sessionId) {
    return new SessionObservation(
        sessionId, Status.NOT_FOUND, null, null, null, null, null, -1, 0, 0, 0, null);
  }

  public static SessionObservation unreachable(String sessionId, String error) {
    return new SessionObservation(
        sessionId, Status.UNREACHABLE, null, null, null, null, null, -1, 0, 0, 0, error);
  }

  /** A live session. */
  public static SessionObservation live(
      String sessionId, String accountId, String state, long positionMs, long lastHeartbeatAtMs) {
    return new SessionObservation(
        sessionId,
        Status.FOUND,
        accountId,
        null,
        null,
        state,
        null,
        positionMs,
        lastHeartbeatAtMs,
        0,
        0,
        null);
  }

  /** A stopped session. */
  public static SessionObservation stopped(
      String sessionId,
      String accountId,
      String stopReason,
      long positionMs,
      long lastHeartbeatAtMs,
      long stoppedAtMs) {
    return new SessionObservation(
        sessionId,
        Status.FOUND,
        accountId,
        null,
        null,
        "STOPPED",
        stopReason,
        positionMs,
        lastHeartbeatAtMs,
        stoppedAtMs,
        0,
        null);
  }
}
