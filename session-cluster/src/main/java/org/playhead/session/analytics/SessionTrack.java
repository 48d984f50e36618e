package org.playhead.session.analytics;

import org.playhead.session.SessionFacts;
import org.playhead.session.SessionPhase;

/**
 * What the sessions projection remembers of one session between its journal events: enough to say
 * what an event means (a move to playing is a video start, a resume or the end of a stall) and to
 * summarize the session when it stops. Built from the session's journal alone, so a projection that
 * lost it (a restart, an eviction) rebuilds the same track by reading the journal again.
 *
 * @param sequenceNr the journal sequence number of the last event applied ({@code 0}: none)
 * @param phaseSinceMs when the session entered {@code phase}
 * @param bitratePlayedMs played time at a known bitrate, the denominator of the average
 * @param bitrateKbpsMs the sum of bitrate times played time at that bitrate
 */
public record SessionTrack(
    long sequenceNr,
    SessionFacts facts,
    SessionPhase phase,
    long phaseSinceMs,
    long playedMs,
    long rebufferingMs,
    long bitratePlayedMs,
    long bitrateKbpsMs,
    long bitrateKbps,
    String pathway,
    String clientNetwork,
    boolean videoStarted,
    long startupTimeMs) {

  /** Before the session's first event. */
  public static final SessionTrack EMPTY =
      new SessionTrack(0, null, null, 0, 0, 0, 0, 0, 0, "", "", false, 0);

  /** The time from the current phase's start to {@code untilMs} counted into its totals. */
  SessionTrack accountedUntil(long untilMs) {
    long elapsed = Math.max(0, untilMs - phaseSinceMs);
    long played = playedMs;
    long rebuffering = rebufferingMs;
    long knownMs = bitratePlayedMs;
    long weighted = bitrateKbpsMs;
    if (phase == SessionPhase.PLAYING) {
      played += elapsed;
      if (bitrateKbps > 0) {
        knownMs += elapsed;
        weighted += bitrateKbps * elapsed;
      }
    } else if (phase == SessionPhase.REBUFFERING) {
      rebuffering += elapsed;
    }
    return new SessionTrack(
        sequenceNr,
        facts,
        phase,
        Math.max(phaseSinceMs, untilMs),
        played,
        rebuffering,
        knownMs,
        weighted,
        bitrateKbps,
        pathway,
        clientNetwork,
        videoStarted,
        startupTimeMs);
  }

  SessionTrack inPhase(SessionPhase newPhase, long sinceMs) {
    return new SessionTrack(
        sequenceNr,
        facts,
        newPhase,
        sinceMs,
        playedMs,
        rebufferingMs,
        bitratePlayedMs,
        bitrateKbpsMs,
        bitrateKbps,
        pathway,
        clientNetwork,
        videoStarted,
        startupTimeMs);
  }

  SessionTrack withMedia(long newBitrateKbps, String newPathway) {
    return new SessionTrack(
        sequenceNr,
        facts,
        phase,
        phaseSinceMs,
        playedMs,
        rebufferingMs,
        bitratePlayedMs,
        bitrateKbpsMs,
        newBitrateKbps > 0 ? newBitrateKbps : bitrateKbps,
        newPathway.isEmpty() ? pathway : newPathway,
        clientNetwork,
        videoStarted,
        startupTimeMs);
  }

  SessionTrack withClientNetwork(String network) {
    return new SessionTrack(
        sequenceNr,
        facts,
        phase,
        phaseSinceMs,
        playedMs,
        rebufferingMs,
        bitratePlayedMs,
        bitrateKbpsMs,
        bitrateKbps,
        pathway,
        network,
        videoStarted,
        startupTimeMs);
  }

  SessionTrack videoStartedAfter(long startupMs) {
    return new SessionTrack(
        sequenceNr,
        facts,
        phase,
        phaseSinceMs,
        playedMs,
        rebufferingMs,
        bitratePlayedMs,
        bitrateKbpsMs,
        bitrateKbps,
        pathway,
        clientNetwork,
        true,
        startupMs);
  }

  SessionTrack at(long newSequenceNr) {
    return new SessionTrack(
        newSequenceNr,
        facts,
        phase,
        phaseSinceMs,
        playedMs,
        rebufferingMs,
        bitratePlayedMs,
        bitrateKbpsMs,
        bitrateKbps,
        pathway,
        clientNetwork,
        videoStarted,
        startupTimeMs);
  }

  /** Encoded bitrate averaged over the played time whose bitrate is known, or 0. */
  long averageBitrateKbps() {
    return bitratePlayedMs == 0 ? 0 : bitrateKbpsMs / bitratePlayedMs;
  }
}
