package org.playhead.session;

import org.playhead.session.heartbeat.PlayerState;

/**
 * One heartbeat as the session entity sees it, whatever the transport (HTTP JSON, CMCD event mode,
 * gRPC). Values are already validated at the edge. Absent numbers are {@code -1}; an absent player
 * state is {@code null}; an absent pathway is empty.
 *
 * @param sequenceNumber CMCD {@code sn}, monotonic per session
 * @param clientTimeMs CMCD {@code ts}
 * @param playheadMs CMCD {@code pt}
 * @param playerState CMCD {@code sta}
 * @param bufferMs CMCD {@code bl}
 * @param bitrateKbps CMCD {@code br}
 * @param throughputKbps CMCD {@code mtp}
 * @param bufferStarvation CMCD {@code bs}
 * @param pathway the CDN pathway in use
 * @param playbackStarted the report shows playback has started although it has no state (a CMCD
 *     {@code msd}, sent once when the first frame played)
 * @param playerError the player reported an error (CMCD {@code e=e}, error codes {@code ec}, or a
 *     fatal state): a cache failing this session
 */
public record HeartbeatReport(
    long sequenceNumber,
    long clientTimeMs,
    long playheadMs,
    PlayerState playerState,
    long bufferMs,
    long bitrateKbps,
    long throughputKbps,
    boolean bufferStarvation,
    String pathway,
    boolean playerError,
    boolean playbackStarted) {

  public HeartbeatReport {
    pathway = pathway == null ? "" : pathway;
  }

  public HeartbeatReport(
      long sequenceNumber,
      long clientTimeMs,
      long playheadMs,
      PlayerState playerState,
      long bufferMs,
      long bitrateKbps,
      long throughputKbps,
      boolean bufferStarvation,
      String pathway,
      boolean playerError) {
    this(
        sequenceNumber,
        clientTimeMs,
        playheadMs,
        playerState,
        bufferMs,
        bitrateKbps,
        throughputKbps,
        bufferStarvation,
        pathway,
        playerError,
        false);
  }

  public HeartbeatReport(
      long sequenceNumber,
      long clientTimeMs,
      long playheadMs,
      PlayerState playerState,
      long bufferMs,
      long bitrateKbps,
      long throughputKbps,
      boolean bufferStarvation,
      String pathway) {
    this(
        sequenceNumber,
        clientTimeMs,
        playheadMs,
        playerState,
        bufferMs,
        bitrateKbps,
        throughputKbps,
        bufferStarvation,
        pathway,
        false);
  }
}
