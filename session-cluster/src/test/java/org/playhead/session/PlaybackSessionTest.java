package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.playhead.session.PlaybackSession.Command;
import org.playhead.session.PlaybackSession.Event;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.PlaybackSession.State;
import org.playhead.session.heartbeat.PlayerState;

class PlaybackSessionTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf")));

  private static final SessionSettings SETTINGS =
      new SessionSettings(
          Duration.ofSeconds(30),
          Duration.ofSeconds(90),
          Duration.ofSeconds(30),
          100,
          Duration.ofSeconds(5),
          Duration.ofSeconds(15));

  private static final SessionFacts FACTS =
      new SessionFacts(
          "acc-1", "prof-1", new DeviceInfo("tv-1", "tv", 3, Hdcp.V2_2), "title-42", 0);

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final RecordingLinks links = new RecordingLinks();

  /** Records what a session tells its account and bookmarks. */
  static final class RecordingLinks implements SessionLinks {
    final List<String> told = new CopyOnWriteArrayList<>();

    @Override
    public void renewSlot(String accountId, String sessionId) {
      told.add("renew " + accountId);
    }

    @Override
    public void releaseSlot(String accountId, String sessionId, StopReason reason, long atMs) {
      told.add("release " + accountId + " " + reason);
    }

    @Override
    public void recordPosition(
        SessionFacts facts,
        String sessionId,
        long positionMs,
        long observedAtMs,
        boolean finished) {
      told.add("bookmark " + facts.titleId() + " " + positionMs + (finished ? " finished" : ""));
    }
  }

  private EventSourcedBehaviorTestKit<Command, Event, State> session;

  @BeforeEach
  void freshSession() {
    session =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            PlaybackSession.create(
                "s-" + UUID.randomUUID(), SETTINGS, clock, links, Optional.empty()));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private CommandResultWithReply<Command, Event, State, Reply> start() {
    return session.runCommand(replyTo -> new PlaybackSession.Start(FACTS, 0, replyTo));
  }

  private CommandResultWithReply<Command, Event, State, Reply> heartbeat(
      long sn, PlayerState state, long playheadMs) {
    HeartbeatReport report =
        new HeartbeatReport(sn, -1, playheadMs, state, 8_000, 5_000, 20_000, false, "cdn-a");
    return session.runCommand(
        replyTo -> new PlaybackSession.Heartbeat(report, null, null, replyTo));
  }

  @Test
  void startPersistsOneEventAndAnswersTheSession() {
    var result = start();
    assertInstanceOf(PlaybackSession.PlaybackStarted.class, result.event());
    assertInstanceOf(PlaybackSession.Starting.class, result.state());
    assertEquals(Outcome.OK, result.reply().outcome());
    assertEquals(SessionPhase.STARTING, result.reply().session().phase());
    assertEquals(clock.millis(), result.reply().session().facts().startedAtMs());
  }

  @Test
  void aNodeThatNamesItselfPutsItsUrlOnEveryAnswerAsTheOwnerHint() {
    SessionSettings named =
        new SessionSettings(
            SETTINGS.heartbeatInterval(),
            SETTINGS.leaseTtl(),
            SETTINGS.checkpointInterval(),
            SETTINGS.snapshotEvery(),
            SETTINGS.askTimeout(),
            SETTINGS.renewEvery(),
            SETTINGS.budget(),
            "http://10.0.3.7:8080");
    session =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            PlaybackSession.create(
                "s-" + UUID.randomUUID(), named, clock, links, Optional.empty()));
    assertEquals("http://10.0.3.7:8080", start().reply().ownerUrl());
    assertEquals(
        "http://10.0.3.7:8080", heartbeat(1, PlayerState.PLAYING, 1_000).reply().ownerUrl());
    // Without a name (the default), no hint.
    freshSession();
    assertEquals("", start().reply().ownerUrl());
  }

  @Test
  void repeatedStartIsIdempotentAndOtherFactsConflict() {
    start();
    var again = start();
    assertTrue(again.hasNoEvents());
    assertEquals(Outcome.OK, again.reply().outcome());
    assertFalse(again.reply().applied());

    SessionFacts other = new SessionFacts("acc-1", "prof-1", FACTS.device(), "another-title", 0);
    var conflict = session.<Reply>runCommand(r -> new PlaybackSession.Start(other, 0, r));
    assertTrue(conflict.hasNoEvents());
    assertEquals(Outcome.CONFLICT, conflict.reply().outcome());
  }

  @Test
  void heartbeatsBetweenCheckpointsPersistNothing() {
    start();
    var playing = heartbeat(1, PlayerState.PLAYING, 1_000);
    assertEquals(
        new PlaybackSession.PlaybackStateChanged(
            SessionPhase.PLAYING, playing.reply().session().progress(), clock.millis()),
        playing.event());

    for (int sn = 2; sn <= 6; sn++) {
      clock.advance(Duration.ofSeconds(5));
      var quiet = heartbeat(sn, PlayerState.PLAYING, sn * 5_000L);
      assertTrue(quiet.hasNoEvents(), "heartbeat " + sn + " must be answered from memory");
      assertEquals(sn * 5_000L, quiet.reply().session().progress().positionMs());
    }
    clock.advance(Duration.ofSeconds(5)); // 30 s since the last checkpoint
    var checkpoint = heartbeat(7, PlayerState.PLAYING, 35_000);
    assertInstanceOf(PlaybackSession.PositionCheckpointed.class, checkpoint.event());
    assertEquals(
        35_000,
        checkpoint.state() instanceof PlaybackSession.Playing p ? p.progress().positionMs() : -1);
  }

  @Test
  void duplicateAndReorderedHeartbeatsNeverMoveStateBackwards() {
    start();
    heartbeat(5, PlayerState.PLAYING, 50_000);
    var duplicate = heartbeat(5, PlayerState.PAUSED, 10_000);
    assertTrue(duplicate.hasNoEvents());
    assertFalse(duplicate.reply().applied());
    assertEquals(SessionPhase.PLAYING, duplicate.reply().session().phase());
    assertEquals(50_000, duplicate.reply().session().progress().positionMs());

    var older = heartbeat(3, PlayerState.SEEKING, 1_000);
    assertTrue(older.hasNoEvents());
    assertFalse(older.reply().applied());
    assertEquals(50_000, older.reply().session().progress().positionMs());
    assertEquals(5, older.reply().session().progress().lastSequenceNumber());
  }

  @Test
  void everyStateChangeIsPersistedWithThePosition() {
    start();
    heartbeat(1, PlayerState.PLAYING, 1_000);
    var paused = heartbeat(2, PlayerState.PAUSED, 9_000);
    assertEquals(
        SessionPhase.PAUSED, ((PlaybackSession.PlaybackStateChanged) paused.event()).phase());
    assertEquals(
        9_000, ((PlaybackSession.PlaybackStateChanged) paused.event()).progress().positionMs());
    var rebuffering = heartbeat(3, PlayerState.REBUFFERING, 9_000);
    assertInstanceOf(PlaybackSession.Stalled.class, rebuffering.state());
    assertEquals(SessionPhase.REBUFFERING, rebuffering.reply().session().phase());
    var seeking = heartbeat(4, PlayerState.SEEKING, 60_000);
    assertEquals(SessionPhase.SEEKING, seeking.reply().session().phase());
    var waiting = heartbeat(5, PlayerState.WAITING, 60_000);
    assertTrue(waiting.hasNoEvents(), "waiting says nothing about the session's phase");
  }

  @Test
  void positionAdvancesWithTimeWhenThePlayerSendsNoPlayhead() {
    start();
    heartbeat(1, PlayerState.PLAYING, 10_000);
    clock.advance(Duration.ofSeconds(10));
    var extrapolated = heartbeat(2, null, -1);
    assertEquals(20_000, extrapolated.reply().session().progress().positionMs());
    heartbeat(3, PlayerState.PAUSED, -1);
    clock.advance(Duration.ofSeconds(10));
    var whilePaused = heartbeat(4, null, -1);
    assertEquals(20_000, whilePaused.reply().session().progress().positionMs());
  }

  @Test
  void stopPersistsTheFinalPositionAndLaterHeartbeatsLearnTheSessionEnded() {
    start();
    heartbeat(1, PlayerState.PLAYING, 1_000);
    var stop =
        session.<Reply>runCommand(r -> new PlaybackSession.Stop(StopReason.USER, 42_000, null, r));
    var stopped = assertInstanceOf(PlaybackSession.PlaybackStopped.class, stop.event());
    assertEquals(StopReason.USER, stopped.reason());
    assertEquals(42_000, stopped.progress().positionMs());

    var late = heartbeat(2, PlayerState.PLAYING, 43_000);
    assertTrue(late.hasNoEvents());
    assertEquals(Outcome.ENDED, late.reply().outcome());
    assertEquals(StopReason.USER, late.reply().session().stopReason());

    var again =
        session.<Reply>runCommand(r -> new PlaybackSession.Stop(StopReason.USER, -1, null, r));
    assertTrue(again.hasNoEvents());
    assertEquals(Outcome.OK, again.reply().outcome());
    assertFalse(again.reply().applied());
  }

  @Test
  void endedAndQuitPlayerStatesStopTheSession() {
    start();
    var ended = heartbeat(1, PlayerState.ENDED, 5_400_000);
    assertEquals(StopReason.ENDED, ((PlaybackSession.PlaybackStopped) ended.event()).reason());
    freshSession();
    start();
    var quit = heartbeat(1, PlayerState.QUIT, 1_000);
    assertEquals(StopReason.USER, ((PlaybackSession.PlaybackStopped) quit.event()).reason());
  }

  @Test
  void aSessionPastItsLeaseExpiresFromTimeNotFromATimer() {
    start();
    heartbeat(1, PlayerState.PLAYING, 5_000);
    long lastHeartbeat = clock.millis();
    clock.advance(SETTINGS.leaseTtl().plusSeconds(1));

    var get = session.<Reply>runCommand(r -> new PlaybackSession.Get(null, r));
    var expired = assertInstanceOf(PlaybackSession.PlaybackStopped.class, get.event());
    assertEquals(StopReason.EXPIRED, expired.reason());
    assertEquals(lastHeartbeat + SETTINGS.leaseTtl().toMillis(), expired.atMs());
    assertEquals(SessionPhase.STOPPED, get.reply().session().phase());

    var heartbeat = heartbeat(2, PlayerState.PLAYING, 6_000);
    assertEquals(Outcome.ENDED, heartbeat.reply().outcome());
    assertEquals(StopReason.EXPIRED, heartbeat.reply().session().stopReason());
  }

  @Test
  void aRecoveredSessionKeepsPlayingForAHeartbeatWithinALeaseOfItsRecovery() {
    start();
    heartbeat(1, PlayerState.PLAYING, 1_000); // a state change: the last persisted heartbeat
    for (int sn = 2; sn <= 40; sn++) { // ten minutes of heartbeats, none persisted
      clock.advance(Duration.ofSeconds(15));
      heartbeat(sn, PlayerState.PLAYING, sn * 15_000L);
    }

    session.restart(); // the node died; the persisted heartbeat is ten minutes old
    clock.advance(Duration.ofSeconds(20));
    var next = heartbeat(41, PlayerState.PLAYING, 615_000);
    assertEquals(Outcome.OK, next.reply().outcome(), "a live player keeps its stream");
    assertTrue(next.reply().applied());
  }

  @Test
  void aRecoveredSessionWhosePlayerIsSilentExpiresALeaseAfterItsRecovery() {
    start();
    heartbeat(1, PlayerState.PLAYING, 1_000);
    clock.advance(Duration.ofMinutes(10));

    session.restart();
    long recoveredAt = clock.millis();
    var get = session.<Reply>runCommand(r -> new PlaybackSession.Get(null, r));
    assertEquals(SessionPhase.PLAYING, get.reply().session().phase());
    clock.advance(SETTINGS.leaseTtl());

    var later = session.<Reply>runCommand(r -> new PlaybackSession.Get(null, r));
    var expired = assertInstanceOf(PlaybackSession.PlaybackStopped.class, later.event());
    assertEquals(StopReason.EXPIRED, expired.reason());
    assertEquals(recoveredAt + SETTINGS.leaseTtl().toMillis(), expired.atMs());
  }

  @Test
  void restartRecoversPersistedStateAndLosesOnlyUncheckpointedPosition() {
    start();
    heartbeat(1, PlayerState.PLAYING, 1_000);
    clock.advance(Duration.ofSeconds(5));
    heartbeat(2, PlayerState.PLAYING, 6_000); // in memory only

    var restarted = session.restart();
    var playing = assertInstanceOf(PlaybackSession.Playing.class, restarted.state());
    assertEquals(1_000, playing.progress().positionMs());
    assertEquals(1, playing.progress().lastSequenceNumber());

    var get = session.<Reply>runCommand(r -> new PlaybackSession.Get(null, r));
    assertEquals(SessionPhase.PLAYING, get.reply().session().phase());
    assertEquals(1_000, get.reply().session().progress().positionMs());
  }

  @Test
  void passivationCheckpointsProgressHeldOnlyInMemory() {
    String id = "s-" + UUID.randomUUID();
    TestProbe<Reply> probe = testKit.createTestProbe();
    var entity =
        testKit.spawn(PlaybackSession.create(id, SETTINGS, clock, links, Optional.empty()));
    entity.tell(new PlaybackSession.Start(FACTS, 0, probe.ref()));
    probe.receiveMessage();
    entity.tell(new PlaybackSession.Heartbeat(report(1, 1_000), null, null, probe.ref()));
    probe.receiveMessage();
    clock.advance(Duration.ofSeconds(5));
    entity.tell(
        new PlaybackSession.Heartbeat(report(2, 6_000), null, null, probe.ref())); // memory only
    probe.receiveMessage();
    var journal = PersistenceTestKit.create(testKit.system());
    int before = journal.persistedInStorage("PlaybackSession|" + id).size();

    entity.tell(PlaybackSession.Passivate.INSTANCE);
    probe.expectTerminated(entity);
    assertEquals(before + 1, journal.persistedInStorage("PlaybackSession|" + id).size());

    var again = testKit.spawn(PlaybackSession.create(id, SETTINGS, clock, links, Optional.empty()));
    again.tell(new PlaybackSession.Get(null, probe.ref()));
    Progress progress = probe.receiveMessage().session().progress();
    assertEquals(6_000, progress.positionMs(), "passivation and hand-off lose nothing");
    assertEquals(2, progress.lastSequenceNumber());

    // Nothing new since the checkpoint: passivating again writes nothing.
    again.tell(PlaybackSession.Passivate.INSTANCE);
    probe.expectTerminated(again);
    assertEquals(before + 1, journal.persistedInStorage("PlaybackSession|" + id).size());
  }

  private static HeartbeatReport report(long sn, long playheadMs) {
    return report(sn, PlayerState.PLAYING, playheadMs);
  }

  private static HeartbeatReport report(long sn, PlayerState state, long playheadMs) {
    return new HeartbeatReport(sn, -1, playheadMs, state, 0, 0, 0, false, "");
  }

  @Test
  void whileCassandraIsAwayHeartbeatsAreAnsweredFromMemoryAndTheStateChangeIsWrittenOnItsReturn() {
    JournalAvailability cassandra = JournalAvailability.get(testKit.system());
    start();
    heartbeat(1, PlayerState.PLAYING, 1_000);
    cassandra.nodeDown("cassandra-1");
    try {
      var paused = heartbeat(2, PlayerState.PAUSED, 2_000);
      assertTrue(paused.hasNoEvents(), "no write while Cassandra is away");
      assertEquals(Outcome.OK, paused.reply().outcome());
      assertEquals(SessionPhase.PAUSED, paused.reply().session().phase());
      assertInstanceOf(PlaybackSession.Playing.class, paused.state(), "the journal's phase");
      clock.advance(SETTINGS.checkpointInterval().plusSeconds(5)); // a checkpoint is due
      var later = heartbeat(3, PlayerState.PAUSED, 2_000);
      assertTrue(later.hasNoEvents());
      assertEquals(SessionPhase.PAUSED, later.reply().session().phase());
    } finally {
      cassandra.nodeUp("cassandra-1");
    }
    var back = heartbeat(4, PlayerState.PAUSED, 2_000);
    var written = assertInstanceOf(PlaybackSession.PlaybackStateChanged.class, back.event());
    assertEquals(SessionPhase.PAUSED, written.phase());
    assertEquals(4, written.progress().lastSequenceNumber());
    assertInstanceOf(PlaybackSession.Paused.class, back.state());
  }

  @Test
  void aWriteThatFailsRestartsTheEntityWithWhatItWasToldAndTheNextHeartbeatWritesIt() {
    String id = "s-" + UUID.randomUUID();
    TestProbe<Reply> probe = testKit.createTestProbe();
    var entity =
        testKit.spawn(PlaybackSession.create(id, SETTINGS, clock, links, Optional.empty()));
    entity.tell(new PlaybackSession.Start(FACTS, 0, probe.ref()));
    probe.receiveMessage();
    entity.tell(new PlaybackSession.Heartbeat(report(1, 1_000), null, null, probe.ref()));
    probe.receiveMessage();
    var journal = PersistenceTestKit.create(testKit.system());
    journal.failNextPersisted();
    entity.tell(
        new PlaybackSession.Heartbeat(
            report(2, PlayerState.PAUSED, 2_000), null, null, probe.ref()));
    // The write failed: the entity restarts (with backoff) and recovers; its player retries.
    entity.tell(
        new PlaybackSession.Heartbeat(
            report(2, PlayerState.PAUSED, 2_000), null, null, probe.ref()));
    Reply retried = probe.receiveMessage(Duration.ofSeconds(10));
    assertEquals(Outcome.OK, retried.outcome());
    assertEquals(SessionPhase.PAUSED, retried.session().phase(), "the pending phase survives");
    assertEquals(2_000, retried.session().progress().positionMs());
    entity.tell(
        new PlaybackSession.Heartbeat(
            report(3, PlayerState.PAUSED, 3_000), null, null, probe.ref()));
    assertEquals(SessionPhase.PAUSED, probe.receiveMessage().session().phase());
    List<Object> events = journal.persistedInStorage("PlaybackSession|" + id);
    var last =
        assertInstanceOf(PlaybackSession.PlaybackStateChanged.class, events.get(events.size() - 1));
    assertEquals(SessionPhase.PAUSED, last.phase());
  }

  @Test
  void aSessionRenewsItsSlotReleasesItAndFeedsBookmarks() {
    start();
    heartbeat(1, PlayerState.PLAYING, 1_000); // renews; a state change also saves a bookmark
    clock.advance(Duration.ofSeconds(5));
    heartbeat(2, PlayerState.PLAYING, 6_000); // too soon to renew again, nothing persisted
    clock.advance(Duration.ofSeconds(10));
    heartbeat(3, PlayerState.PLAYING, 16_000); // 15 s since the last renewal
    session.<Reply>runCommand(r -> new PlaybackSession.Stop(StopReason.ENDED, 5_400_000, null, r));
    assertEquals(
        List.of(
            "renew acc-1",
            "bookmark title-42 1000",
            "renew acc-1",
            "bookmark title-42 5400000 finished",
            "release acc-1 ENDED"),
        links.told);
  }

  @Test
  void anOpenHeartbeatStreamIsToldAtOnceWhenTheSessionEnds() {
    start();
    TestProbe<PlaybackSession.StopNotice> stream = testKit.createTestProbe();
    HeartbeatReport report =
        new HeartbeatReport(1, -1, 1_000, PlayerState.PLAYING, 0, 0, 0, false, "");
    session.<Reply>runCommand(r -> new PlaybackSession.Heartbeat(report, null, stream.ref(), r));
    session.runCommand(new PlaybackSession.Revoke(StopReason.REVOKED, "care"));
    assertEquals(StopReason.REVOKED, stream.receiveMessage().reason());
  }

  @Test
  void anAccountsRevocationStopsTheSession() {
    start();
    heartbeat(1, PlayerState.PLAYING, 1_000);
    var revoked = session.runCommand(new PlaybackSession.Revoke(StopReason.EVICTED, "plan"));
    assertEquals(
        StopReason.EVICTED,
        assertInstanceOf(PlaybackSession.PlaybackStopped.class, revoked.event()).reason());
    var late = heartbeat(2, PlayerState.PLAYING, 2_000);
    assertEquals(Outcome.ENDED, late.reply().outcome());
    assertEquals(StopReason.EVICTED, late.reply().session().stopReason());
  }

  @Test
  void aRevocationThatArrivesBeforeTheStartIsHonoured() {
    // The account evicted the stream between its admission and its start.
    var early =
        session.runCommand(new PlaybackSession.Revoke(StopReason.EVICTED, "plan policy evict"));
    assertTrue(early.hasNoEvents());
    var started = start();
    assertTrue(started.hasNoEvents(), "a revoked stream never starts");
    assertInstanceOf(PlaybackSession.NotStarted.class, started.state());
    assertEquals(Outcome.ENDED, started.reply().outcome());
    assertEquals(SessionPhase.STOPPED, started.reply().session().phase());
    assertEquals(StopReason.EVICTED, started.reply().session().stopReason());
    assertTrue(links.told.isEmpty(), "nothing to release: " + links.told);
  }

  @Test
  void aPlayerMayTouchOnlyItsOwnSessions() {
    start();
    var owner = new PlaybackSession.Caller("acc-1", "prof-1", "tv-1");
    var otherDevice = new PlaybackSession.Caller("acc-1", "prof-1", "phone-9");
    HeartbeatReport report =
        new HeartbeatReport(1, -1, 1_000, PlayerState.PLAYING, 0, 0, 0, false, "");
    var refused =
        session.<Reply>runCommand(r -> new PlaybackSession.Heartbeat(report, otherDevice, null, r));
    assertEquals(Outcome.FORBIDDEN, refused.reply().outcome());
    assertNull(refused.reply().session(), "nothing about another player's session leaks");
    assertTrue(refused.hasNoEvents());
    assertEquals(
        Outcome.FORBIDDEN,
        session
            .<Reply>runCommand(r -> new PlaybackSession.Stop(StopReason.USER, -1, otherDevice, r))
            .reply()
            .outcome());
    assertEquals(
        Outcome.OK,
        session
            .<Reply>runCommand(r -> new PlaybackSession.Heartbeat(report, owner, null, r))
            .reply()
            .outcome());
  }

  @Test
  void commandsToASessionThatNeverStartedAreNotFound() {
    var get = session.<Reply>runCommand(r -> new PlaybackSession.Get(null, r));
    assertEquals(Outcome.NOT_FOUND, get.reply().outcome());
    assertNull(get.reply().session());
    var hb = heartbeat(1, PlayerState.PLAYING, 0);
    assertEquals(Outcome.NOT_FOUND, hb.reply().outcome());
    assertTrue(hb.hasNoEvents());
    var stop =
        session.<Reply>runCommand(r -> new PlaybackSession.Stop(StopReason.USER, -1, null, r));
    assertEquals(Outcome.NOT_FOUND, stop.reply().outcome());
    assertTrue(stop.hasNoEvents());
    assertInstanceOf(PlaybackSession.NotStarted.class, session.getState());
  }
}
