package org.playhead.session;

/**
 * A session as players and customer care see it.
 *
 * @param stopReason {@code null} while the session is live
 * @param stoppedAtMs {@code 0} while the session is live
 * @param leaseExpiresAtMs when the session expires without another heartbeat ({@code 0} once
 *     stopped)
 * @param steering the last steering decision persisted ({@link SteeringRecord#NONE} before one)
 */
public record SessionView(
    String sessionId,
    SessionFacts facts,
    SessionPhase phase,
    StopReason stopReason,
    Progress progress,
    long stoppedAtMs,
    long leaseExpiresAtMs,
    SteeringRecord steering) {

  public SessionView(
      String sessionId,
      SessionFacts facts,
      SessionPhase phase,
      StopReason stopReason,
      Progress progress,
      long stoppedAtMs,
      long leaseExpiresAtMs) {
    this(
        sessionId,
        facts,
        phase,
        stopReason,
        progress,
        stoppedAtMs,
        leaseExpiresAtMs,
        SteeringRecord.NONE);
  }

  public boolean isLive() {
    return phase != SessionPhase.STOPPED;
  }
}
