package org.playhead.chaos.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * No session is lost: every acknowledged session still exists, and if it ended, its end is one the
 * drill explains.
 *
 * <ul>
 *   <li>{@code USER} or {@code ENDED}: only if its player sent a stop.
 *   <li>{@code EXPIRED}: only if its player had gone quiet. The server's last heartbeat may be up
 *       to a checkpoint interval older than the player's (a kill loses what was not checkpointed),
 *       so the expiry must come no earlier than a lease after the player's last attempt, less a
 *       checkpoint interval. An expiry while the player kept trying (through an outage) is a loss.
 *   <li>{@code REVOKED} or {@code EVICTED}: never: a drill has no care actions, and its players
 *       neither share profiles nor use termination tokens.
 * </ul>
 */
final class NoSessionLost implements VerificationRule {
  /** Clock and scheduling noise between the player's send and the server's receipt. */
  static final Duration SLACK = Duration.ofSeconds(2);

  @Override
  public String name() {
    return Rules.NO_SESSION_LOST;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    Findings findings = new Findings(name());
    for (SessionHistory history : evidence.histories().values()) {
      if (!history.startAcknowledged()) {
        continue;
      }
      String id = history.sessionId();
      SessionObservation seen = evidence.observations().get(id);
      if (seen == null || seen.status() == SessionObservation.Status.UNREACHABLE) {
        continue;
      }
      if (seen.status() == SessionObservation.Status.NOT_FOUND) {
        findings.add("lost: an acknowledged session no longer exists", id, "not found");
        continue;
      }
      if (!seen.stopped()) {
        continue;
      }
      String reason = seen.stopReason() == null ? "" : seen.stopReason();
      switch (reason) {
        case "USER", "ENDED" -> {
          if (!history.stopAttempted()) {
            findings.add(
                "ended as if by its player, but the player never stopped it",
                id,
                "stopped (" + reason + ") at " + Instant.ofEpochMilli(seen.stoppedAtMs()));
          }
        }
        case "EXPIRED" -> {
          Instant lastAttempt = history.lastAttemptAt().orElse(Instant.EPOCH);
          Instant earliestLegit =
              lastAttempt
                  .plus(evidence.leaseTtl())
                  .minus(evidence.checkpointInterval())
                  .minus(SLACK);
          Instant expiredAt = Instant.ofEpochMilli(seen.stoppedAtMs());
          if (expiredAt.isBefore(earliestLegit)) {
            findings.add(
                "expired while its player was still reporting",
                id,
                "expired at "
                    + expiredAt
                    + ", player last tried at "
                    + lastAttempt
                    + " (lease "
                    + evidence.leaseTtl().toSeconds()
                    + " s)");
          }
        }
        default ->
            findings.add(
                "ended by the server though nothing in the drill asked for it",
                id,
                "stopped ("
                    + (reason.isEmpty() ? "no reason" : reason)
                    + ") at "
                    + Instant.ofEpochMilli(seen.stoppedAtMs()));
      }
    }
    return findings.violations();
  }
}
