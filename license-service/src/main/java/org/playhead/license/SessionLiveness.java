package org.playhead.license;

import java.util.concurrent.CompletionStage;

/**
 * The license service's one question to the playback sessions: is this session live, and whose is
 * it? The session cluster answers it from its sharded session entity (which also ends a session
 * whose lease ran out), so a license is never issued or renewed for a stopped, expired, evicted or
 * terminated session. The license service knows nothing else of sessions.
 */
@FunctionalInterface
public interface SessionLiveness {

  /** Fails (e.g. with a timeout) when the session could not be asked. */
  CompletionStage<SessionStatus> check(String sessionId);

  /**
   * @param live the session is playing in some form (not stopped, never unknown)
   * @param stopReason why it ended (lower case: user, ended, expired, evicted, revoked), or empty
   */
  record SessionStatus(
      boolean live,
      boolean exists,
      String accountId,
      String deviceId,
      String titleId,
      String stopReason) {

    public static SessionStatus unknown() {
      return new SessionStatus(false, false, "", "", "", "");
    }

    public static SessionStatus live(String accountId, String deviceId, String titleId) {
      return new SessionStatus(true, true, accountId, deviceId, titleId, "");
    }

    public static SessionStatus ended(
        String accountId, String deviceId, String titleId, String stopReason) {
      return new SessionStatus(false, true, accountId, deviceId, titleId, stopReason);
    }
  }
}
