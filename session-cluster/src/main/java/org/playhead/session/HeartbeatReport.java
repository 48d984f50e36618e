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
    String pathway) {

  public HeartbeatReport {
    pathway = pathway == null ? "" : pathway;
  }
}
