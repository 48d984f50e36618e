package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.playhead.session.PlaybackSession.Command;
import org.playhead.session.PlaybackSession.Event;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.State;
import org.playhead.session.PlaybackSession.SteerReply;
import org.playhead.session.heartbeat.PlayerState;
import org.playhead.steering.CacheReport;
import org.playhead.steering.DeliveryNetwork;
import org.playhead.steering.DeliveryNetworkFile;
import org.playhead.steering.Demotions;
import org.playhead.steering.HealthView;
import org.playhead.steering.SteeringAnswer;
import org.playhead.steering.SteeringEngine;
import org.playhead.steering.SteeringPolicy;

/** A session's steering: decisions persisted when they change, demotions from player errors. */
class PlaybackSessionSteeringTest {
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
  private static final String CLIENT = "81.2.69.160";

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private SteeringEngine engine;
  private DeliveryNetwork network;
  private EventSourcedBehaviorTestKit<Command, Event, State> session;

  /** Real decisions over a two-cache network, as a node makes them. */
  private final SessionSteering steering =
      new SessionSteering() {
        @Override
        public SteeringAnswer decide(String address, String title, Demotions d, long nowMs) {
          return engine.answer(address, title, d, nowMs);
        }

        @Override
        public void playerFailure(String pathway, String sessionId, long network) {
          failures.add(pathway);
        }

        @Override
        public Duration ttl() {
          return Duration.ofSeconds(20);
        }
      };

  @BeforeEach
  void fresh() throws Exception {
    network =
        DeliveryNetworkFile.parse(
            """
            origin origin https://origin.example.net/
            cache a site=lhr tier=embedded capacity-gbps=100 url=https://a.example.net/
            cache b site=linx tier=exchange capacity-gbps=100 url=https://b.example.net/
            prefix a 81.2.0.0/16
            prefix b 81.0.0.0/8
            """);
    reportAll(true);
    session =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            PlaybackSession.create(
                "s-" + UUID.randomUUID(),
                SETTINGS,
                clock,
                SessionLinks.NONE,
                steering,
                Optional.empty()));
    session.<PlaybackSession.Reply>runCommand(
        replyTo -> new PlaybackSession.Start(FACTS, 0, replyTo));
  }

  private void reportAll(boolean aHealthy) {
    Map<String, CacheReport> reports = new HashMap<>();
    reports.put("a", new CacheReport("a", aHealthy, 10, List.of(), true, clock.millis()));
    reports.put("b", new CacheReport("b", true, 10, List.of(), true, clock.millis()));
    HealthView view =
        HealthView.of(network, SteeringPolicy.defaults(), reports, Map.of(), Map.of());
    if (engine == null) {
      engine = new SteeringEngine(view);
    } else {
      engine.update(view);
    }
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Command, Event, State, SteerReply>
      steer(String trigger) {
    return session.runCommand(replyTo -> new PlaybackSession.Steer(CLIENT, trigger, null, replyTo));
  }

  @Test
  void theFirstDecisionIsPersistedAndSeenInTheView() {
    var result = steer("start");
    assertEquals(Outcome.OK, result.reply().outcome());
    assertEquals(List.of("a", "b", "origin"), result.reply().answer().pathways());
    PlaybackSession.SteeringDecided decided =
        assertInstanceOf(PlaybackSession.SteeringDecided.class, result.event());
    assertEquals("start", decided.decision().trigger());
    assertEquals("81.2.0.0/16", decided.decision().clientNetwork());
    assertEquals(List.of("a", "b", "origin"), result.reply().session().steering().pathways());

    // The same ranking again persists nothing; the decision survives a restart.
    assertTrue(steer("dash").events().isEmpty());
    session.restart();
    assertEquals(
        List.of("a", "b", "origin"),
        ((PlaybackSession.Live) session.getState()).steering().pathways());
  }

  @Test
  void aChangedRankingIsPersistedAgain() {
    steer("start");
    reportAll(false);
    var result = steer("hls");
    assertEquals(List.of("b", "origin"), result.reply().answer().pathways());
    assertInstanceOf(PlaybackSession.SteeringDecided.class, result.event());
  }

  @Test
  void aPlayerErrorDemotesItsPathwayForThisSessionUntilTheTtl() {
    steer("start");
    HeartbeatReport failing =
        new HeartbeatReport(1, -1, 1_000, PlayerState.PLAYING, 0, 0, 0, false, "a", true);
    session.<PlaybackSession.Reply>runCommand(
        replyTo -> new PlaybackSession.Heartbeat(failing, null, null, replyTo));
    assertEquals(List.of("a"), failures, "counts against the cache's health");

    var demoted = steer("dash");
    assertEquals(List.of("b", "a", "origin"), demoted.reply().answer().pathways());
    assertTrue(demoted.reply().answer().choices().get(1).reason().startsWith("demoted"));

    clock.advance(Duration.ofSeconds(21));
    HeartbeatReport fine =
        new HeartbeatReport(2, -1, 22_000, PlayerState.PLAYING, 0, 0, 0, false, "b", false);
    session.<PlaybackSession.Reply>runCommand(
        replyTo -> new PlaybackSession.Heartbeat(fine, null, null, replyTo));
    reportAll(true);
    assertEquals(List.of("a", "b", "origin"), steer("dash").reply().answer().pathways());
  }

  @Test
  void anEndedSessionAnswersEnded() {
    session.<PlaybackSession.Reply>runCommand(
        replyTo -> new PlaybackSession.Stop(StopReason.USER, -1, null, replyTo));
    var result = steer("dash");
    assertEquals(Outcome.ENDED, result.reply().outcome());
  }
}
