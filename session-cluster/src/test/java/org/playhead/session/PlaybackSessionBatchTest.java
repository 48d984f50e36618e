package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.playhead.session.PlaybackSession.BatchReply;
import org.playhead.session.PlaybackSession.Command;
import org.playhead.session.PlaybackSession.Event;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.ReportOutcome;
import org.playhead.session.PlaybackSession.State;
import org.playhead.session.heartbeat.PlayerState;

/**
 * A CMCD body's reports as one command: in order, at most one event for the whole batch (the last
 * state reached), an outcome per report, reports without {@code sn} ordered by {@code ts}.
 */
class PlaybackSessionBatchTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf")));

  private static final SessionSettings SETTINGS =
      new SessionSettings(
          Duration.ofSeconds(30),
          Duration.ofSeconds(90),
          Duration.ofMinutes(30),
          100,
          Duration.ofSeconds(5),
          Duration.ofSeconds(15));

  private static final SessionFacts FACTS =
      new SessionFacts(
          "acc-1", "prof-1", new DeviceInfo("tv-1", "tv", 3, Hdcp.V2_2), "title-42", 0);

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private EventSourcedBehaviorTestKit<Command, Event, State> session;

  @BeforeEach
  void startedSession() {
    session =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            PlaybackSession.create(
                "s-" + UUID.randomUUID(),
                SETTINGS,
                clock,
                new PlaybackSessionTest.RecordingLinks(),
                Optional.empty()));
    session.<PlaybackSession.Reply>runCommand(
        replyTo -> new PlaybackSession.Start(FACTS, 0, replyTo));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static HeartbeatReport report(long sn, long ts, PlayerState state, long pt) {
    return new HeartbeatReport(sn, ts, pt, state, -1, 0, 0, false, "");
  }

  private CommandResultWithReply<Command, Event, State, BatchReply> batch(
      HeartbeatReport... reports) {
    return session.runCommand(
        replyTo -> new PlaybackSession.HeartbeatBatch(List.of(reports), null, replyTo));
  }

  @Test
  void aBatchWritesOneEventForTheLastStateItReaches() {
    var result =
        batch(
            report(0, -1, PlayerState.PLAYING, 1_000),
            report(1, -1, PlayerState.PAUSED, 2_000),
            report(2, -1, PlayerState.PLAYING, 3_000),
            report(2, -1, PlayerState.PAUSED, 3_000));

    assertEquals(1, result.events().size(), result.events().toString());
    var changed = assertInstanceOf(PlaybackSession.PlaybackStateChanged.class, result.event());
    assertEquals(SessionPhase.PLAYING, changed.phase());
    assertEquals(3_000, changed.progress().positionMs());
    assertEquals(
        List.of(
            ReportOutcome.APPLIED,
            ReportOutcome.APPLIED,
            ReportOutcome.APPLIED,
            ReportOutcome.ALREADY_SEEN),
        result.reply().lines());
    assertEquals(SessionPhase.PLAYING, result.reply().reply().session().phase());
  }

  @Test
  void aBatchThatStaysInItsStateWritesNothing() {
    batch(report(0, -1, PlayerState.PLAYING, 1_000));
    var result = batch(report(1, -1, null, 2_000), report(2, -1, PlayerState.PLAYING, 3_000));
    assertTrue(result.hasNoEvents());
    assertEquals(3_000, result.reply().reply().session().progress().positionMs());
  }

  @Test
  void reportsAfterTheEndAreAnsweredNotApplied() {
    var result =
        batch(report(0, -1, PlayerState.ENDED, 5_000), report(1, -1, PlayerState.PLAYING, 6_000));
    assertEquals(1, result.events().size());
    assertInstanceOf(PlaybackSession.PlaybackStopped.class, result.event());
    assertEquals(List.of(ReportOutcome.APPLIED, ReportOutcome.AFTER_END), result.reply().lines());
    var later = batch(report(2, -1, PlayerState.PLAYING, 7_000));
    assertEquals(Outcome.ENDED, later.reply().reply().outcome());
  }

  @Test
  void reportsWithoutSequenceNumbersAreOrderedByTheirClientTime() {
    var first = batch(report(-1, 1_000, PlayerState.PLAYING, -1), report(-1, 2_000, null, -1));
    assertEquals(List.of(ReportOutcome.APPLIED, ReportOutcome.APPLIED), first.reply().lines());
    // The same reports again (a player re-sending after an error), then a newer one.
    var again = batch(report(-1, 2_000, null, -1), report(-1, 3_000, PlayerState.PAUSED, -1));
    assertEquals(List.of(ReportOutcome.ALREADY_SEEN, ReportOutcome.APPLIED), again.reply().lines());
    assertEquals(SessionPhase.PAUSED, again.reply().reply().session().phase());
    assertEquals(0, again.reply().reply().session().progress().lastSequenceNumber());
  }

  @Test
  void aStartingSessionWhoseReportedPlayheadMovesIsPlaying() {
    // Shaka's first reports: time-interval events without sta.
    var still = batch(report(0, -1, null, 0));
    assertTrue(still.hasNoEvents());
    assertEquals(SessionPhase.STARTING, still.reply().reply().session().phase());
    var moved = batch(report(1, -1, null, 1_500));
    var changed = assertInstanceOf(PlaybackSession.PlaybackStateChanged.class, moved.event());
    assertEquals(SessionPhase.PLAYING, changed.phase());
  }

  @Test
  void aStartingSessionWhoseReportCarriesTheStartDelayIsPlaying() {
    // Shaka 5.2's reports: no sta, no pt; msd once the first frame played.
    var moved =
        batch(
            report(0, 1_000, null, -1),
            new HeartbeatReport(1, 2_000, -1, null, -1, 364, 0, false, "", false, true));
    var changed = assertInstanceOf(PlaybackSession.PlaybackStateChanged.class, moved.event());
    assertEquals(SessionPhase.PLAYING, changed.phase());
  }
}
