package org.playhead.session.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.protocol.events.v1.SessionEvent;
import org.playhead.protocol.events.v1.SessionStopped;
import org.playhead.session.DeviceInfo;
import org.playhead.session.Hdcp;
import org.playhead.session.PlaybackSession;
import org.playhead.session.Progress;
import org.playhead.session.SessionFacts;
import org.playhead.session.SessionPhase;
import org.playhead.session.SteeringRecord;
import org.playhead.session.StopReason;

class SessionEventMapperTest {
  private static final String PID = "PlaybackSession|s-1";
  private static final long T0 = 1_000_000L;
  private static final SessionFacts FACTS =
      new SessionFacts(
          "acc-1", "profile-1", new DeviceInfo("tv-1", "tv", 3, Hdcp.V2_2), "title-42", T0);

  private static Progress progress(long position, long bitrate, String pathway, long atMs) {
    return new Progress(position, bitrate, 10_000, 20_000, 1, atMs, pathway, atMs);
  }

  /** Applies a whole journal in order, as a projection instance does. */
  private static List<SessionEvent> publish(List<PlaybackSession.Event> journal) {
    SessionTrack track = SessionTrack.EMPTY;
    List<SessionEvent> out = new ArrayList<>();
    for (int i = 0; i < journal.size(); i++) {
      SessionEventMapper.Step step =
          SessionEventMapper.apply(track, PID, "s-1", i + 1, journal.get(i));
      track = step.track();
      out.addAll(step.events());
    }
    return out;
  }

  private static final List<PlaybackSession.Event> JOURNAL =
      List.of(
          new PlaybackSession.PlaybackStarted(FACTS, Progress.startingAt(60_000, T0)),
          new PlaybackSession.SteeringDecided(
              new SteeringRecord(T0, "start", "v1", "81.2.69.0/24", List.of())),
          // First frame 1.5 s after the start, at 3000 kbps on cdn-a.
          new PlaybackSession.PlaybackStateChanged(
              SessionPhase.PLAYING, progress(60_000, 3000, "cdn-a", T0 + 1_500), T0 + 1_500),
          // 10 s played, then a 2 s stall, then playing again at 4500 kbps on cdn-b.
          new PlaybackSession.PlaybackStateChanged(
              SessionPhase.REBUFFERING, progress(70_000, 3000, "cdn-a", T0 + 11_500), T0 + 11_500),
          new PlaybackSession.PlaybackStateChanged(
              SessionPhase.PLAYING, progress(70_000, 4500, "cdn-b", T0 + 13_500), T0 + 13_500),
          // 20 s played, paused 5 s, resumed, 10 s played, stopped by the viewer.
          new PlaybackSession.PlaybackStateChanged(
              SessionPhase.PAUSED, progress(90_000, 4500, "cdn-b", T0 + 33_500), T0 + 33_500),
          new PlaybackSession.PlaybackStateChanged(
              SessionPhase.PLAYING, progress(90_000, 4500, "cdn-b", T0 + 38_500), T0 + 38_500),
          new PlaybackSession.PlaybackStopped(
              StopReason.USER, progress(100_000, 4500, "cdn-b", T0 + 48_500), T0 + 48_500));

  @Test
  void aJournalPublishesItsLifecycleInOrder() {
    List<SessionEvent> events = publish(JOURNAL);
    assertEquals(
        List.of(
            SessionEvent.EventCase.STARTED,
            SessionEvent.EventCase.VIDEO_STARTED,
            SessionEvent.EventCase.REBUFFERING_BEGAN,
            SessionEvent.EventCase.REBUFFERING_ENDED,
            SessionEvent.EventCase.BITRATE_CHANGED,
            SessionEvent.EventCase.PATHWAY_CHANGED,
            SessionEvent.EventCase.PAUSED,
            SessionEvent.EventCase.RESUMED,
            SessionEvent.EventCase.STOPPED),
        events.stream().map(SessionEvent::getEventCase).toList());
    assertEquals(1_500, events.get(1).getVideoStarted().getStartupTimeMs());
    assertEquals(2_000, events.get(3).getRebufferingEnded().getDurationMs());
    assertEquals("cdn-b", events.get(5).getPathwayChanged().getToPathway());
    // Ids: journal, sequence number, index within it; the stall's end and the media changes
    // share the resume's sequence number.
    assertEquals("PlaybackSession|s-1/5/0", events.get(3).getEventId());
    assertEquals("PlaybackSession|s-1/5/2", events.get(5).getEventId());
    assertEquals("81.2.69.0/24", events.get(8).getContext().getClientNetwork());
    assertEquals("title-42", events.get(8).getContext().getTitleId());
  }

  @Test
  void theStopCarriesTheSessionsSummary() {
    SessionStopped stopped = publish(JOURNAL).get(8).getStopped();
    // Played 10 s at 3000 kbps, then 20 s and 10 s at 4500 kbps; stalled 2 s.
    assertEquals(40_000, stopped.getPlayedMs());
    assertEquals(2_000, stopped.getRebufferingMs());
    assertEquals((10 * 3000 + 30 * 4500) / 40, stopped.getAverageBitrateKbps());
    assertTrue(stopped.getVideoStarted());
    assertEquals(1_500, stopped.getStartupTimeMs());
    assertEquals("user", stopped.getReason());
  }

  @Test
  void theSameJournalAlwaysGivesTheSameEvents() {
    assertEquals(publish(JOURNAL), publish(JOURNAL));
  }

  @Test
  void anExpiredSessionPlayedUntilItsLastHeartbeatNotUntilItsLeaseRanOut() {
    List<SessionEvent> events =
        publish(
            List.of(
                new PlaybackSession.PlaybackStarted(FACTS, Progress.startingAt(0, T0)),
                new PlaybackSession.PlaybackStateChanged(
                    SessionPhase.PLAYING, progress(0, 3000, "cdn-a", T0 + 1_000), T0 + 1_000),
                new PlaybackSession.PlaybackStopped(
                    StopReason.EXPIRED,
                    new Progress(30_000, 3000, 0, 0, 5, T0 + 31_000, "cdn-a", T0 + 31_000),
                    T0 + 121_000)));
    SessionStopped stopped = events.get(events.size() - 1).getStopped();
    assertEquals(30_000, stopped.getPlayedMs());
    assertEquals("expired", stopped.getReason());
  }

  @Test
  void aSessionStoppedBeforeItsFirstFrameSaysSo() {
    List<SessionEvent> events =
        publish(
            List.of(
                new PlaybackSession.PlaybackStarted(FACTS, Progress.startingAt(0, T0)),
                new PlaybackSession.PlaybackStopped(
                    StopReason.USER, Progress.startingAt(0, T0), T0 + 4_000)));
    SessionStopped stopped = events.get(1).getStopped();
    assertEquals(false, stopped.getVideoStarted());
    assertEquals(0, stopped.getPlayedMs());
  }
}
