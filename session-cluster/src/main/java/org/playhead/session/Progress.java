package org.playhead.session;

/**
 * How far a session has got, as last reported by its player. The entity keeps the freshest value in
 * memory and persists it only at checkpoints (see {@link PlaybackSession}).
 *
 * <p>Numbers are plain longs to keep a resident session small: {@code 0} means "not reported" for
 * the media figures, {@code -1} means "no heartbeat yet" for the sequence number.
 *
 * @param pathway the CDN pathway the player fetches from, interned (there are few distinct ones)
 * @param checkpointedAtMs when this progress (or an earlier one) was last persisted
 */
public record Progress(
    long positionMs,
    long bitrateKbps,
    long bufferMs,
    long throughputKbps,
    long lastSequenceNumber,
    long lastHeartbeatAtMs,
    String pathway,
    long checkpointedAtMs) {

  public static final long NO_SEQUENCE = -1;

  public static Progress startingAt(long positionMs, long nowMs) {
    return new Progress(positionMs, 0, 0, 0, NO_SEQUENCE, nowMs, "", nowMs);
  }

  public Progress checkpointedAt(long nowMs) {
    return new Progress(
        positionMs,
        bitrateKbps,
        bufferMs,
        throughputKbps,
        lastSequenceNumber,
        lastHeartbeatAtMs,
        pathway,
        nowMs);
  }

  public Progress withPosition(long newPositionMs) {
    return new Progress(
        newPositionMs,
        bitrateKbps,
        bufferMs,
        throughputKbps,
        lastSequenceNumber,
        lastHeartbeatAtMs,
        pathway,
        checkpointedAtMs);
  }

  /**
   * This progress moved forward by a heartbeat. Fields the report leaves out keep their value. When
   * the player sends no playhead (real players' CMCD often omits {@code pt}) and it was playing,
   * the position advances by the time since the previous heartbeat, capped at {@code maxGapMs} so a
   * long silence cannot invent hours of viewing.
   */
  public Progress advancedBy(
      HeartbeatReport report, long nowMs, boolean wasPlaying, long maxGapMs) {
    long newPosition;
    if (report.playheadMs() >= 0) {
      newPosition = report.playheadMs();
    } else if (wasPlaying) {
      newPosition = positionMs + Math.min(Math.max(0, nowMs - lastHeartbeatAtMs), maxGapMs);
    } else {
      newPosition = positionMs;
    }
    return new Progress(
        newPosition,
        report.bitrateKbps() > 0 ? report.bitrateKbps() : bitrateKbps,
        report.bufferMs() >= 0 ? report.bufferMs() : bufferMs,
        report.throughputKbps() > 0 ? report.throughputKbps() : throughputKbps,
        // A report without sn (-1) marks a heartbeat as seen without moving the sequence.
        Math.max(lastSequenceNumber, Math.max(report.sequenceNumber(), 0)),
        nowMs,
        // Interned (one string per pathway across sessions), but only when it changed: the same
        // pathway on every heartbeat needs no lookup in the JVM's string table.
        report.pathway().isEmpty() || report.pathway().equals(pathway)
            ? pathway
            : report.pathway().intern(),
        checkpointedAtMs);
  }
}
