package org.playhead.chaos.verify;

import java.time.Duration;
import java.util.List;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;

/**
 * No position regressed by more than the checkpoint interval: heartbeats between checkpoints live
 * only in memory, so a crash may lose what they moved, but no more. Players' playheads advance with
 * wall time, so an interval of wall time is at most that much playhead. A player's acknowledged
 * stop carries its final position and is written before it is answered: that position must show
 * exactly.
 */
final class PositionsKept implements VerificationRule {
  /** Latency between the player's clock and the node's, on top of the interval. */
  static final Duration SLACK = Duration.ofSeconds(1);

  @Override
  public String name() {
    return Rules.POSITION_KEPT;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    Findings findings = new Findings(name());
    long tolerance = evidence.checkpointInterval().plus(SLACK).toMillis();
    for (SessionHistory history : evidence.histories().values()) {
      if (!history.startAcknowledged()) {
        continue;
      }
      SessionObservation seen = evidence.observations().get(history.sessionId());
      if (seen == null || !seen.found()) {
        continue;
      }
      Operation stop = history.acknowledgedStop().orElse(null);
      if (stop != null && seen.stopped()) {
        if (seen.positionMs() < stop.positionMs()) {
          findings.add(
              "position behind the player's acknowledged stop",
              history.sessionId(),
              "stopped at " + stop.positionMs() + " ms, shows " + seen.positionMs() + " ms");
        }
        continue;
      }
      Operation last = lastAcknowledgedReport(history);
      if (last == null) {
        continue;
      }
      long behind = last.positionMs() - seen.positionMs();
      if (behind > tolerance) {
        findings.add(
            "position regressed by more than the checkpoint interval",
            history.sessionId(),
            "player's last acknowledged position "
                + last.positionMs()
                + " ms, shows "
                + seen.positionMs()
                + " ms ("
                + behind
                + " ms behind; allowed "
                + tolerance
                + " ms)");
      }
    }
    return findings.violations();
  }

  /** The last acknowledged operation that told the server a position. */
  private static Operation lastAcknowledgedReport(SessionHistory history) {
    Operation last = null;
    for (Operation op : history.operations()) {
      if (op.acknowledged() && op.kind() != OperationKind.STOP) {
        last = op;
      }
    }
    return last;
  }
}
