package org.playhead.session.bench;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
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
import org.playhead.session.Progress;
import org.playhead.session.SessionFacts;
import org.playhead.session.SteeringRecord;
import org.playhead.session.heartbeat.PlayerState;
import org.playhead.steering.SteeringAnswer;

/**
 * The serializers a node runs per message, through Pekko's serialization with the node's own
 * bindings (serialization.conf): protobuf for persisted events (a checkpoint, a start with its
 * steering decision), CBOR for a heartbeat command and its reply crossing nodes. Each benchmark is
 * a round trip, bytes and back; the setup prints each message's size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerializerBenchmark {

  @Param({"checkpoint", "started", "steering", "heartbeat", "reply"})
  public String message;

  private ActorSystem system;
  private Serialization serialization;
  private Object value;
  private Serializer serializer;
  private String manifest;

  @Setup(Level.Trial)
  public void setUp() {
    system =
        ActorSystem.create(
            "serializer-bench",
            // A local system with the node's bindings, not the node's application.conf (which
            // would join a cluster).
            ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")
                .withFallback(ConfigFactory.parseResources("serialization.conf"))
                .withFallback(ConfigFactory.defaultReference()));
    serialization = SerializationExtension.get(system);
    ActorRef<PlaybackSession.Reply> replyTo = Adapter.toTyped(system.deadLetters()).unsafeUpcast();
    long now = 1_700_000_000_000L;
    Progress progress = new Progress(1_234_000, 4_500, 20_000, 12_000, 412, now, "cdn-a", now);
    SessionFacts facts =
        new SessionFacts(
            "acc-7f3c2a",
            "prof-1",
            new DeviceInfo("tv-8d1e", "tv", 3, Hdcp.V2_2),
            "title-000042",
            now);
    value =
        switch (message) {
          case "checkpoint" -> new PlaybackSession.PositionCheckpointed(progress);
          case "started" -> new PlaybackSession.PlaybackStarted(facts, progress);
          case "steering" ->
              new PlaybackSession.SteeringDecided(
                  new SteeringRecord(
                      now,
                      "start",
                      "v42",
                      "203.0.113.0/24",
                      List.of(
                          new SteeringAnswer.Choice(
                              "oc-isp-1", "https://isp-1.cdn.example/", "embedded", "prefix"),
                          new SteeringAnswer.Choice(
                              "oc-ix-3", "https://ix-3.cdn.example/", "exchange", "tier"),
                          new SteeringAnswer.Choice(
                              "origin", "https://origin.example/", "origin", "fallback"))));
          case "heartbeat" ->
              new PlaybackSession.Heartbeat(
                  new HeartbeatReport(
                      413,
                      -1,
                      1_236_000,
                      PlayerState.PLAYING,
                      20_000,
                      4_500,
                      12_000,
                      false,
                      "cdn-a",
                      false),
                  null,
                  null,
                  replyTo);
          case "reply" -> replyOf(facts, progress);
          default -> throw new IllegalArgumentException(message);
        };
    serializer = serialization.findSerializerFor(value);
    manifest = Serializers.manifestFor(serializer, value);
    System.out.printf(
        "%n%s: %s, %d bytes%n",
        message,
        serializer.getClass().getSimpleName(),
        serialization.serialize(value).get().length);
  }

  private static PlaybackSession.Reply replyOf(SessionFacts facts, Progress progress) {
    return new PlaybackSession.Reply(
        PlaybackSession.Outcome.OK,
        new org.playhead.session.SessionView(
            "s-5b2d0f6e-3c1a-4d8e-9f7a-2b6c8d0e1f3a",
            facts,
            org.playhead.session.SessionPhase.PLAYING,
            null,
            progress,
            0,
            progress.lastHeartbeatAtMs() + 90_000,
            SteeringRecord.NONE),
        true,
        "");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.terminate();
  }

  @Benchmark
  public Object roundTrip() throws Exception {
    // Through Serialization, as remoting does: it sets the transport information that actor
    // references (a command's replyTo) need.
    byte[] bytes = serialization.serialize(value).get();
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }
}
