package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.playhead.session.PlaybackSession.Command;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.heartbeat.PlayerState;

/** What a session tells the node's metrics: starts, and live sessions arriving and leaving. */
class PlaybackSessionMetricsTest {
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
  private final CountingMetrics metrics = new CountingMetrics();
  private final TestProbe<Reply> probe = testKit.createTestProbe();

  static final class CountingMetrics implements SessionMetrics {
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();

    @Override
    public void started() {
      started.incrementAndGet();
    }

    @Override
    public void activated() {
      active.incrementAndGet();
    }

    @Override
    public void deactivated() {
      active.decrementAndGet();
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<Command> spawn(String id) {
    return testKit.spawn(
        PlaybackSession.create(
            id,
            SETTINGS,
            clock,
            new PlaybackSessionTest.RecordingLinks(),
            metrics,
            Optional.empty()));
  }

  private Reply ask(ActorRef<Command> entity, Command command) {
    entity.tell(command);
    return probe.receiveMessage();
  }

  @Test
  void aStartCountsOnceAndAStopLeavesTheActiveSessions() {
    ActorRef<Command> entity = spawn("s-" + UUID.randomUUID());
    ask(entity, new PlaybackSession.Start(FACTS, 0, probe.ref()));
    ask(entity, new PlaybackSession.Start(FACTS, 0, probe.ref())); // an idempotent retry
    assertEquals(1, metrics.started.get());
    assertEquals(1, metrics.active.get());

    ask(entity, new PlaybackSession.Stop(StopReason.USER, 5_000, null, probe.ref()));
    assertEquals(0, metrics.active.get());
    ask(entity, new PlaybackSession.Stop(StopReason.USER, 5_000, null, probe.ref()));
    entity.tell(PlaybackSession.Passivate.INSTANCE);
    probe.expectTerminated(entity);
    assertEquals(0, metrics.active.get(), "a stopped session never counts twice");
  }

  @Test
  void passivationAndRecoveryMoveALiveSessionOutAndBackIn() {
    String id = "s-" + UUID.randomUUID();
    ActorRef<Command> entity = spawn(id);
    ask(entity, new PlaybackSession.Start(FACTS, 0, probe.ref()));
    HeartbeatReport playing =
        new HeartbeatReport(1, -1, 1_000, PlayerState.PLAYING, 8_000, 5_000, 20_000, false, "a");
    ask(entity, new PlaybackSession.Heartbeat(playing, null, null, probe.ref()));
    entity.tell(PlaybackSession.Passivate.INSTANCE);
    probe.expectTerminated(entity);
    assertEquals(0, metrics.active.get(), "a passivated or handed-off session left this node");

    ActorRef<Command> recovered = spawn(id);
    ask(recovered, new PlaybackSession.Get(null, probe.ref()));
    assertEquals(1, metrics.active.get(), "recovered live on this node");
    assertEquals(1, metrics.started.get(), "a recovery is not a start");
  }

  @Test
  void aCommandForASessionThatNeverStartedCountsNothing() {
    ActorRef<Command> entity = spawn("s-" + UUID.randomUUID());
    ask(entity, new PlaybackSession.Get(null, probe.ref()));
    entity.tell(PlaybackSession.Passivate.INSTANCE);
    probe.expectTerminated(entity);
    assertEquals(0, metrics.started.get());
    assertEquals(0, metrics.active.get());
  }
}
