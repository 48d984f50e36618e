package org.playhead.session.bench;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.playhead.session.DeviceInfo;
import org.playhead.session.Hdcp;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.PlaybackSession;
import org.playhead.session.SessionFacts;
import org.playhead.session.SessionLinks;
import org.playhead.session.SessionSettings;
import org.playhead.session.api.DirectReplies;
import org.playhead.session.heartbeat.PlayerState;

/**
 * A heartbeat through a live session entity, without the network: the ask, the entity's command
 * handler (sequence check, progress, lease, checkpoint decision) and the reply, on the node's real
 * dispatchers. The journal is Pekko's in-memory test journal, and the checkpoint interval is the
 * production 30 minutes, so steady heartbeats write nothing, as on a node. Each invocation sends a
 * batch of 100 heartbeats to consecutive sessions and waits for all the replies: throughput with
 * 100 in flight, as many players give a node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HeartbeatEntityBenchmark {
  private static final int BATCH = 100;

  /** Live sessions the heartbeats go round: one hot entity, or many as on a node. */
  @Param({"1", "10000"})
  public int sessions;

  private ActorTestKit testKit;
  private final List<ActorRef<PlaybackSession.Command>> live = new ArrayList<>();
  private long sequence;
  private int next;

  @Setup(Level.Trial)
  public void startSessions() {
    testKit =
        ActorTestKit.create(
            "heartbeat-bench",
            EventSourcedBehaviorTestKit.config()
                .withFallback(ConfigFactory.parseResources("serialization.conf"))
                .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING")));
    SessionSettings settings =
        new SessionSettings(
            Duration.ofSeconds(30),
            Duration.ofHours(6),
            Duration.ofMinutes(30),
            100,
            Duration.ofSeconds(5),
            Duration.ofSeconds(15));
    SessionFacts facts =
        new SessionFacts(
            "acc-bench", "prof-1", new DeviceInfo("tv-1", "tv", 3, Hdcp.V2_2), "title-42", 0);
    List<CompletableFuture<PlaybackSession.Reply>> started = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      ActorRef<PlaybackSession.Command> session =
          testKit.spawn(
              PlaybackSession.create(
                  "bench-" + UUID.randomUUID(),
                  settings,
                  Clock.systemUTC(),
                  SessionLinks.NONE,
                  Optional.empty()));
      live.add(session);
      started.add(
          DirectReplies.of(
              AskPattern.ask(
                  session,
                  replyTo -> new PlaybackSession.Start(facts, 0, replyTo),
                  Duration.ofSeconds(30),
                  testKit.scheduler())));
    }
    started.forEach(CompletableFuture::join);
    sequence = 1;
    heartbeatAll(); // the first heartbeat turns each session to PLAYING: a write, not steady
  }

  @TearDown(Level.Trial)
  public void stop() {
    testKit.shutdownTestKit();
  }

  private void heartbeatAll() {
    List<CompletableFuture<PlaybackSession.Reply>> replies = new ArrayList<>();
    for (ActorRef<PlaybackSession.Command> session : live) {
      replies.add(ask(session, sequence));
    }
    replies.forEach(CompletableFuture::join);
    sequence++;
  }

  private CompletableFuture<PlaybackSession.Reply> ask(
      ActorRef<PlaybackSession.Command> session, long sn) {
    HeartbeatReport report =
        new HeartbeatReport(
            sn, -1, sn * 10, PlayerState.PLAYING, 20_000, 4_500, 12_000, false, "cdn-a", false);
    return DirectReplies.of(
        AskPattern.ask(
            session,
            replyTo -> new PlaybackSession.Heartbeat(report, null, null, replyTo),
            Duration.ofSeconds(5),
            testKit.scheduler()));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object heartbeats() {
    CompletableFuture<?>[] replies = new CompletableFuture<?>[BATCH];
    for (int i = 0; i < BATCH; i++) {
      if (next == live.size()) {
        next = 0;
        sequence++;
      }
      replies[i] = ask(live.get(next++), sequence);
    }
    return CompletableFuture.allOf(replies).join();
  }
}
