package org.playhead.chaos.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.playhead.chaos.load.Operation;

/**
 * No session is lost: every acknowledged session still exists, and if it ended, its end is one the
 * drill explains.
 *
 * <ul>
 *   <li>{@code USER} or {@code ENDED}: only if its player sent a stop.
 *   <li>{@code EXPIRED}: only if its player had gone quiet. Never within a lease of a heartbeat the
 *       server acknowledged: a node that recovers a session gives it a lease from the recovery,
 *       because its persisted heartbeat time may be a checkpoint interval old (an expiry from that
 *       stale time was the bug this bound catches: long-running streams of a killed node ended
 *       though their players were heartbeating). And not within a lease, less a checkpoint
 *       interval, of the player's last attempt: an expiry while the player kept trying through an
 *       outage is a loss.
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
          Instant expiredAt = Instant.ofEpochMilli(seen.stoppedAtMs());
          Duration longestSilence = longestSilenceBefore(history, expiredAt);
          if (longestSilence.compareTo(evidence.leaseTtl().minus(SLACK)) < 0) {
            findings.add(
                "expired though its player never went a lease without an acknowledged operation",
                id,
                "expired at "
                    + expiredAt
                    + ", longest gap between acknowledged operations "
                    + longestSilence.toSeconds()
                    + " s (lease "
                    + evidence.leaseTtl().toSeconds()
                    + " s)");
            continue;
          }
          Instant earliestLegit =
              lastAttempt
                  .plus(evidence.leaseTtl())
                  .minus(evidence.checkpointInterval())
                  .minus(SLACK);
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

  /**
   * The longest time the player went without an acknowledged operation, up to the expiry. A lease
   * can only run out in such a gap; the stop itself may come later, when the session next hears
   * from its player or its account (so an operation may even be acknowledged just before it).
   */
  static Duration longestSilenceBefore(SessionHistory history, Instant expiredAt) {
    Duration longest = Duration.ZERO;
    Instant previous = null;
    for (Operation op : history.operations()) {
      if (!op.acknowledged() || op.at().isAfter(expiredAt)) {
        continue;
      }
      if (previous != null && Duration.between(previous, op.at()).compareTo(longest) > 0) {
        longest = Duration.between(previous, op.at());
      }
      previous = op.at();
    }
    if (previous == null) {
      return Duration.ofDays(1); // never acknowledged before: nothing to hold the lease
    }
    Duration tail = Duration.between(previous, expiredAt);
    return tail.compareTo(longest) > 0 ? tail : longest;
  }
}
