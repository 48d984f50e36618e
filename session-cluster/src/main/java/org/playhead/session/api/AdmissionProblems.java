package org.playhead.session.api;

import java.util.List;
import org.playhead.session.Account;
import org.playhead.session.Account.AdmitReply;
import org.playhead.session.security.RejectionReason;

/** A start the account refused, as the problem a player can act on. */
final class AdmissionProblems {
  private AdmissionProblems() {}

  static Problem of(AdmitReply refusal) {
    return switch (refusal.outcome()) {
      case LIMIT_REACHED ->
          Problem.of(
                  "stream-limit",
                  "Stream limit reached",
                  409,
                  refusal.detail()
                      + ". Stop one of the streams listed: retry the start with its"
                      + " terminationToken.")
              .withStreams(streams(refusal.conflicts()));
      case DEVICE_LIMIT_REACHED ->
          Problem.of("device-limit", "Device limit reached", 409, refusal.detail());
      case SESSION_ENDED ->
          Problem.of("session-ended", "Session has ended", 409, refusal.detail())
              .withSession("STOPPED", null);
      // A token from before the account's "sign out all devices": as good as no token.
      case TOKEN_REVOKED ->
          Problem.of(
              RejectionReason.REVOKED.problemSlug(),
              RejectionReason.REVOKED.title(),
              RejectionReason.REVOKED.httpStatus(),
              refusal.detail());
      case ADMITTED, ALREADY_ADMITTED ->
          throw new IllegalArgumentException("an admission is not a problem");
    };
  }

  static List<Problem.ConflictingStream> streams(List<Account.StreamView> conflicts) {
    return conflicts.stream()
        .map(
            c ->
                new Problem.ConflictingStream(
                    c.sessionId(),
                    c.profileId(),
                    c.deviceId(),
                    c.titleId(),
                    c.startedAtMs(),
                    c.terminationToken(),
                    c.reservedUntilMs()))
        .toList();
  }
}
