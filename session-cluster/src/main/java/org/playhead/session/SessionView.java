package org.playhead.session;

/**
 * A session as players and customer care see it.
 *
 * @param stopReason {@code null} while the session is live
 * @param stoppedAtMs {@code 0} while the session is live
 * @param leaseExpiresAtMs when the session expires without another heartbeat ({@code 0} once
 *     stopped)
 */
public record SessionView(
    String sessionId,
    SessionFacts facts,
    SessionPhase phase,
    StopReason stopReason,
    Progress progress,
    long stoppedAtMs,
    long leaseExpiresAtMs) {

  public boolean isLive() {
    return phase != SessionPhase.STOPPED;
  }
}
