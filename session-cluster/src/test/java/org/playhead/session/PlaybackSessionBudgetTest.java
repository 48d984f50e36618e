package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.playhead.session.PlaybackSession.Command;
import org.playhead.session.PlaybackSession.Event;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.PlaybackSession.State;
import org.playhead.session.heartbeat.PlayerState;

/** A session's budget: a flood of reports is refused, a pause/play toggler writes at a rate. */
class PlaybackSessionBudgetTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf")));

  private static final SessionBudget.Limits LIMITS =
      new SessionBudget.Limits(10, Duration.ofMillis(500), 4, Duration.ofMinutes(1));

  private static final SessionSettings SETTINGS =
      new SessionSettings(
          Duration.ofSeconds(30),
          Duration.ofSeconds(90),
          Duration.ofMinutes(30),
          100,
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          LIMITS,
          "");

  private static final SessionFacts FACTS =
      new SessionFacts(
          "acc-1", "prof-1", new DeviceInfo("tv-1", "tv", 3, Hdcp.V2_2), "title-42", 0);

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private EventSourcedBehaviorTestKit<Command, Event, State> session;
  private long sn;

  @BeforeEach
  void freshSession() {
    session =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            PlaybackSession.create(
                "s-" + UUID.randomUUID(),
                SETTINGS,
                clock,
                new PlaybackSessionTest.RecordingLinks(),
                Optional.empty()));
    session.<Reply>runCommand(replyTo -> new PlaybackSession.Start(FACTS, 0, replyTo));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private CommandResultWithReply<Command, Event, State, Reply> report(PlayerState state) {
    HeartbeatReport report =
        new HeartbeatReport(++sn, -1, 1_000 * sn, state, 8_000, 5_000, 20_000, false, "cdn-a");
    return session.runCommand(
        replyTo -> new PlaybackSession.Heartbeat(report, null, null, replyTo));
  }

  @Test
  void reportsBeyondTheBurstAreRefusedAndChangeNothing() {
    for (int i = 0; i < 10; i++) {
      assertEquals(Outcome.OK, report(PlayerState.PLAYING).reply().outcome());
    }
    var refused = report(PlayerState.PAUSED);
    assertEquals(Outcome.THROTTLED, refused.reply().outcome());
    assertTrue(refused.hasNoEvents());
    assertEquals(SessionPhase.PLAYING, refused.reply().session().phase());
    clock.advance(Duration.ofMillis(500));
    assertEquals(Outcome.OK, report(PlayerState.PLAYING).reply().outcome());
  }

  @Test
  void aTogglerWritesAtTheBudgetsRateWhileItsStateMovesInMemory() {
    int written = 0;
    SessionPhase last = null;
    // 99 reports alternating pause and play, 2 a second: the report budget lets each through.
    for (int i = 0; i < 99; i++) {
      clock.advance(Duration.ofMillis(500));
      PlayerState state = i % 2 == 0 ? PlayerState.PAUSED : PlayerState.PLAYING;
      var result = report(state);
      assertEquals(Outcome.OK, result.reply().outcome(), "report " + i);
      written += result.events().size();
      last = result.reply().session().phase();
      assertEquals(state == PlayerState.PAUSED ? SessionPhase.PAUSED : SessionPhase.PLAYING, last);
    }
    // 50 s: the burst of 4 (pause, play, pause, play); the next write is due a minute after the
    // first, and writes the last state reported (paused), not the ones in between.
    assertEquals(4, written);
    assertInstanceOf(PlaybackSession.Playing.class, session.getState());
    clock.advance(Duration.ofSeconds(30));
    var due = session.runCommand(PlaybackSession.WritePending.INSTANCE);
    var changed = assertInstanceOf(PlaybackSession.PlaybackStateChanged.class, due.event());
    assertEquals(last, changed.phase());
  }

  @Test
  void aDeferredStateChangeIsWrittenWhenTheSessionPassivates() {
    String id = "s-" + UUID.randomUUID();
    TestProbe<Reply> probe = testKit.createTestProbe();
    ActorRef<Command> entity = spawn(id);
    entity.tell(new PlaybackSession.Start(FACTS, 0, probe.ref()));
    probe.receiveMessage();
    for (int i = 1; i <= 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      HeartbeatReport report =
          new HeartbeatReport(
              i,
              -1,
              1_000L * i,
              i % 2 == 1 ? PlayerState.PLAYING : PlayerState.PAUSED,
              8_000,
              5_000,
              20_000,
              false,
              "cdn-a");
      entity.tell(new PlaybackSession.Heartbeat(report, null, null, probe.ref()));
      probe.receiveMessage();
    }
    // Five changes, four written: the fifth (playing) waits in memory; passivation writes it.
    entity.tell(PlaybackSession.Passivate.INSTANCE);
    probe.expectTerminated(entity);
    ActorRef<Command> recovered = spawn(id);
    recovered.tell(new PlaybackSession.Get(null, probe.ref()));
    assertEquals(SessionPhase.PLAYING, probe.receiveMessage().session().phase());
  }

  private ActorRef<Command> spawn(String id) {
    return testKit.spawn(
        PlaybackSession.create(
            id, SETTINGS, clock, new PlaybackSessionTest.RecordingLinks(), Optional.empty()));
  }

  @Test
  void thePendingStateChangeIsWrittenOnceBothTheBudgetAndCassandraAllow() {
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertEquals(
          1, report(i % 2 == 0 ? PlayerState.PAUSED : PlayerState.PLAYING).events().size());
    }
    // Over the write budget: the fifth change (paused) is pending, its write timer armed.
    clock.advance(Duration.ofSeconds(1));
    var overBudget = report(PlayerState.PAUSED);
    assertTrue(overBudget.hasNoEvents());
    assertEquals(SessionPhase.PAUSED, overBudget.reply().session().phase());
    JournalAvailability cassandra = JournalAvailability.get(testKit.system());
    cassandra.nodeDown("cassandra-budget");
    try {
      // The budget allows the write now, but Cassandra is away: the same pending change waits.
      clock.advance(Duration.ofMinutes(1));
      assertTrue(session.runCommand(PlaybackSession.WritePending.INSTANCE).hasNoEvents());
      var away = report(PlayerState.PAUSED);
      assertTrue(away.hasNoEvents(), "no write while Cassandra is away");
      assertEquals(SessionPhase.PAUSED, away.reply().session().phase());
      assertInstanceOf(PlaybackSession.Playing.class, away.state(), "the journal's phase");
    } finally {
      cassandra.nodeUp("cassandra-budget");
    }
    var back = report(PlayerState.PAUSED);
    assertEquals(1, back.events().size(), "one write for the one pending change");
    var changed = assertInstanceOf(PlaybackSession.PlaybackStateChanged.class, back.event());
    assertEquals(SessionPhase.PAUSED, changed.phase());
    assertInstanceOf(PlaybackSession.Paused.class, back.state());
    clock.advance(Duration.ofSeconds(1));
    assertTrue(session.runCommand(PlaybackSession.WritePending.INSTANCE).hasNoEvents());
  }

  @Test
  void theStopIsNeverDeferred() {
    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofSeconds(1));
      report(i % 2 == 0 ? PlayerState.PLAYING : PlayerState.PAUSED);
    }
    var stopped =
        session.<Reply>runCommand(
            replyTo -> new PlaybackSession.Stop(StopReason.USER, 9_000, null, replyTo));
    assertInstanceOf(PlaybackSession.PlaybackStopped.class, stopped.event());
    assertInstanceOf(PlaybackSession.Stopped.class, stopped.state());
  }
}
