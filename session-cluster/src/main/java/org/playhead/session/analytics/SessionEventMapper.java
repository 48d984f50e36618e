package org.playhead.session.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.playhead.protocol.events.v1.BitrateChanged;
import org.playhead.protocol.events.v1.PathwayChanged;
import org.playhead.protocol.events.v1.PlaybackPaused;
import org.playhead.protocol.events.v1.PlaybackResumed;
import org.playhead.protocol.events.v1.RebufferingBegan;
import org.playhead.protocol.events.v1.RebufferingEnded;
import org.playhead.protocol.events.v1.SeekBegan;
import org.playhead.protocol.events.v1.SessionContext;
import org.playhead.protocol.events.v1.SessionEvent;
import org.playhead.protocol.events.v1.SessionStarted;
import org.playhead.protocol.events.v1.SessionStopped;
import org.playhead.protocol.events.v1.VideoStarted;
import org.playhead.session.PlaybackSession;
import org.playhead.session.Progress;
import org.playhead.session.SessionPhase;
import org.playhead.session.StopReason;

/**
 * A session's journal events as the published contract: pure, so the same journal always gives the
 * same events with the same ids (what makes redelivery after a failure harmless).
 */
public final class SessionEventMapper {
  private SessionEventMapper() {}

  /** The track after one journal event, and what that event publishes. */
  public record Step(SessionTrack track, List<SessionEvent> events) {}

  /**
   * @param persistenceId the session's journal ({@code PlaybackSession|<id>}), for event ids
   * @param sequenceNr the event's sequence number in it
   */
  public static Step apply(
      SessionTrack track,
      String persistenceId,
      String sessionId,
      long sequenceNr,
      PlaybackSession.Event event) {
    Emitter out = new Emitter(persistenceId, sessionId, sequenceNr);
    SessionTrack next;
    if (event instanceof PlaybackSession.PlaybackStarted e) {
      SessionTrack started =
          new SessionTrack(
              0,
              e.facts(),
              SessionPhase.STARTING,
              e.facts().startedAtMs(),
              0,
              0,
              0,
              0,
              e.progress().bitrateKbps(),
              e.progress().pathway(),
              "",
              false,
              0);
      next = started;
      out.emit(
          started,
          e.facts().startedAtMs(),
          e.progress().positionMs(),
          b ->
              b.setStarted(
                  SessionStarted.newBuilder().setResumePositionMs(e.progress().positionMs())));
    } else if (track.facts() == null) {
      // A journal that does not begin with a start: nothing can be said of it.
      return new Step(track.at(sequenceNr), List.of());
    } else if (event instanceof PlaybackSession.PlaybackStateChanged e) {
      next = phaseChange(track, e.phase(), e.atMs(), e.progress(), out);
    } else if (event instanceof PlaybackSession.PositionCheckpointed e) {
      long at = e.progress().checkpointedAtMs();
      next = mediaChanges(track.accountedUntil(at), e.progress(), at, out);
    } else if (event instanceof PlaybackSession.SteeringDecided e) {
      next = track.withClientNetwork(e.decision().clientNetwork());
    } else if (event instanceof PlaybackSession.PlaybackStopped e) {
      // An expired session stopped playing at its last heartbeat, not at the end of its lease.
      long until =
          e.reason() == StopReason.EXPIRED
              ? Math.min(e.atMs(), e.progress().lastHeartbeatAtMs())
              : e.atMs();
      SessionTrack accounted =
          mediaChanges(track.accountedUntil(until), e.progress(), e.atMs(), out);
      SessionTrack stopped = accounted.inPhase(SessionPhase.STOPPED, e.atMs());
      next = stopped;
      out.emit(
          stopped,
          e.atMs(),
          e.progress().positionMs(),
          b ->
              b.setStopped(
                  SessionStopped.newBuilder()
                      .setReason(e.reason().name().toLowerCase(Locale.ROOT))
                      .setPlayedMs(stopped.playedMs())
                      .setRebufferingMs(stopped.rebufferingMs())
                      .setAverageBitrateKbps(stopped.averageBitrateKbps())
                      .setVideoStarted(stopped.videoStarted())
                      .setStartupTimeMs(stopped.startupTimeMs())));
    } else {
      throw new IllegalArgumentException("unknown session event " + event.getClass().getName());
    }
    return new Step(next.at(sequenceNr), out.events());
  }

  private static SessionTrack phaseChange(
      SessionTrack before, SessionPhase to, long atMs, Progress progress, Emitter out) {
    SessionPhase from = before.phase();
    long position = progress.positionMs();
    SessionTrack next = before.accountedUntil(atMs);
    if (from == SessionPhase.REBUFFERING && to != SessionPhase.REBUFFERING) {
      long stalled = Math.max(0, atMs - before.phaseSinceMs());
      out.emit(
          next,
          atMs,
          position,
          b -> b.setRebufferingEnded(RebufferingEnded.newBuilder().setDurationMs(stalled)));
    }
    next = next.inPhase(to, atMs);
    switch (to) {
      case PLAYING -> {
        if (!next.videoStarted()) {
          long startup = atMs - next.facts().startedAtMs();
          next = next.videoStartedAfter(startup);
          out.emit(
              next,
              atMs,
              position,
              b -> b.setVideoStarted(VideoStarted.newBuilder().setStartupTimeMs(startup)));
        } else if (from == SessionPhase.PAUSED || from == SessionPhase.SEEKING) {
          out.emit(next, atMs, position, b -> b.setResumed(PlaybackResumed.getDefaultInstance()));
        }
      }
      case PAUSED ->
          out.emit(next, atMs, position, b -> b.setPaused(PlaybackPaused.getDefaultInstance()));
      case REBUFFERING ->
          out.emit(
              next,
              atMs,
              position,
              b -> b.setRebufferingBegan(RebufferingBegan.getDefaultInstance()));
      case SEEKING ->
          out.emit(next, atMs, position, b -> b.setSeekBegan(SeekBegan.getDefaultInstance()));
      case STARTING, STOPPED -> {
        // The journal never moves a session back to starting; a stop is its own event.
      }
    }
    return mediaChanges(next, progress, atMs, out);
  }

  /** The bitrate and pathway the event's progress carries, published when they moved. */
  private static SessionTrack mediaChanges(
      SessionTrack track, Progress progress, long atMs, Emitter out) {
    SessionTrack next = track.withMedia(progress.bitrateKbps(), progress.pathway());
    if (next.bitrateKbps() != track.bitrateKbps() && track.bitrateKbps() > 0) {
      long from = track.bitrateKbps();
      long to = next.bitrateKbps();
      out.emit(
          next,
          atMs,
          progress.positionMs(),
          b -> b.setBitrateChanged(BitrateChanged.newBuilder().setFromKbps(from).setToKbps(to)));
    }
    if (!next.pathway().equals(track.pathway()) && !track.pathway().isEmpty()) {
      String from = track.pathway();
      String to = next.pathway();
      out.emit(
          next,
          atMs,
          progress.positionMs(),
          b ->
              b.setPathwayChanged(
                  PathwayChanged.newBuilder().setFromPathway(from).setToPathway(to)));
    }
    return next;
  }

  static SessionContext context(SessionTrack track) {
    return SessionContext.newBuilder()
        .setAccountId(track.facts().accountId())
        .setProfileId(track.facts().profileId())
        .setTitleId(track.facts().titleId())
        .setDeviceId(track.facts().device().deviceId())
        .setDeviceType(track.facts().device().deviceType())
        .setPathway(track.pathway())
        .setClientNetwork(track.clientNetwork())
        .build();
  }

  /** Numbers the events one journal event gives: index 0, 1, ... under its sequence number. */
  private static final class Emitter {
    private final String persistenceId;
    private final String sessionId;
    private final long sequenceNr;
    private final List<SessionEvent> events = new ArrayList<>(2);

    Emitter(String persistenceId, String sessionId, long sequenceNr) {
      this.persistenceId = persistenceId;
      this.sessionId = sessionId;
      this.sequenceNr = sequenceNr;
    }

    void emit(
        SessionTrack track,
        long atMs,
        long positionMs,
        java.util.function.Consumer<SessionEvent.Builder> kind) {
      int index = events.size();
      SessionEvent.Builder builder =
          SessionEvent.newBuilder()
              .setEventId(persistenceId + "/" + sequenceNr + "/" + index)
              .setSessionId(sessionId)
              .setOccurredAtMs(atMs)
              .setSequence(sequenceNr)
              .setIndex(index)
              .setContext(context(track))
              .setPositionMs(positionMs);
      kind.accept(builder);
      events.add(builder.build());
    }

    List<SessionEvent> events() {
      return List.copyOf(events);
    }
  }
}
