package org.playhead.session.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.io.NotSerializableException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.playhead.session.Account;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.PlaybackSession;
import org.playhead.session.ProfileBookmarks;
import org.playhead.session.SessionPhase;
import org.playhead.session.SessionView;
import org.playhead.session.SteeringRecord;
import org.playhead.session.StopReason;
import org.playhead.session.heartbeat.PlayerState;
import org.playhead.session.steering.FailureCount;
import org.playhead.session.steering.NetworkVersion;
import org.playhead.steering.CacheMark;
import org.playhead.steering.CacheReport;
import org.playhead.steering.SteeringAnswer;

/**
 * Every message bound to {@link ClusterMessageSerializer}, through Pekko's serialization with the
 * node's own bindings (serialization.conf): the binding picks this serializer, and bytes come back
 * as an equal message, actor references included. Messages that are not bound keep the CBOR
 * fallback.
 */
class ClusterMessageSerializerTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseResources("serialization.conf"));
  private static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));

  private static final ActorRef<PlaybackSession.Reply> REPLY_TO =
      testKit.<PlaybackSession.Reply>createTestProbe().ref();
  private static final ActorRef<PlaybackSession.StopNotice> STREAM =
      testKit.<PlaybackSession.StopNotice>createTestProbe().ref();

  private static final PlaybackSession.Caller CALLER =
      new PlaybackSession.Caller("acc-1", "prof-1", "tv-1");

  private static final HeartbeatReport REPORT =
      new HeartbeatReport(
          412,
          1_700_000_061_000L,
          61_000,
          PlayerState.PLAYING,
          12_000,
          4_500,
          25_000,
          false,
          "cdn-a",
          false);

  /** No state, but the start delay (msd) that says playback started. */
  private static final HeartbeatReport STARTED_REPORT =
      new HeartbeatReport(-1, 1_700_000_062_000L, 1_000, null, -1, 0, 0, false, "", false, true);

  /** Absent numbers are -1, an absent state null. */
  private static final HeartbeatReport SPARSE_REPORT =
      new HeartbeatReport(3, -1, -1, null, -1, 0, 0, true, "", true);

  private static final SteeringAnswer ANSWER =
      new SteeringAnswer(
          SessionEventSerializerTest.STEERING.networkVersion(),
          SessionEventSerializerTest.STEERING.clientNetwork(),
          SessionEventSerializerTest.STEERING.choices());

  private static final SessionView LIVE =
      new SessionView(
          "s-1",
          SessionEventSerializerTest.FACTS,
          SessionPhase.PLAYING,
          null,
          SessionEventSerializerTest.PROGRESS,
          0,
          1_700_000_151_000L,
          SessionEventSerializerTest.STEERING);

  private static final SessionView STOPPED =
      new SessionView(
          "s-2",
          SessionEventSerializerTest.FACTS,
          SessionPhase.STOPPED,
          StopReason.EVICTED,
          SessionEventSerializerTest.PROGRESS,
          1_700_000_100_000L,
          0,
          SteeringRecord.NONE);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Stream<Object> messages() {
    ActorRef<Account.AdmitReply> admitTo = testKit.<Account.AdmitReply>createTestProbe().ref();
    ActorRef<PlaybackSession.SteerReply> steerTo =
        testKit.<PlaybackSession.SteerReply>createTestProbe().ref();
    ActorRef<PlaybackSession.BatchReply> batchTo =
        testKit.<PlaybackSession.BatchReply>createTestProbe().ref();
    ActorRef<ProfileBookmarks.ResumePosition> resumeTo =
        testKit.<ProfileBookmarks.ResumePosition>createTestProbe().ref();
    Account.StreamView conflict =
        new Account.StreamView(
            "s-9",
            "prof-2",
            "phone-1",
            "title-7",
            1_700_000_000_000L,
            1_700_000_090_000L,
            "kq3J",
            0);
    Account.StreamView reservation =
        new Account.StreamView(
            "s-8", "prof-3", "tv-2", "title-8", 1_699_999_000_000L, 0, "zz9", 1_700_000_060_000L);
    return Stream.of(
        new PlaybackSession.Start(SessionEventSerializerTest.FACTS, 61_000, REPLY_TO),
        new PlaybackSession.Heartbeat(REPORT, CALLER, STREAM, REPLY_TO),
        new PlaybackSession.Heartbeat(SPARSE_REPORT, null, null, REPLY_TO),
        new PlaybackSession.Heartbeat(STARTED_REPORT, CALLER, null, REPLY_TO),
        new PlaybackSession.HeartbeatBatch(
            List.of(REPORT, SPARSE_REPORT, STARTED_REPORT), CALLER, batchTo),
        new PlaybackSession.HeartbeatBatch(List.of(), null, batchTo),
        new PlaybackSession.Stop(StopReason.USER, 90_000, CALLER, REPLY_TO),
        new PlaybackSession.Stop(StopReason.REVOKED, -1, null, REPLY_TO),
        new PlaybackSession.Get(CALLER, REPLY_TO),
        new PlaybackSession.Get(null, REPLY_TO),
        new PlaybackSession.Steer("81.2.69.160", "dash", CALLER, steerTo),
        new PlaybackSession.Steer("81.2.69.160", "manifest", null, steerTo),
        new PlaybackSession.Revoke(StopReason.EVICTED, "evicted by the account's plan"),
        PlaybackSession.warmUp(),
        new PlaybackSession.Reply(PlaybackSession.Outcome.OK, LIVE, true, ""),
        new PlaybackSession.Reply(
            PlaybackSession.Outcome.OK, LIVE, true, "", "http://10.0.3.7:8080"),
        new PlaybackSession.Reply(PlaybackSession.Outcome.ENDED, STOPPED, false, "session ended"),
        new PlaybackSession.Reply(
            PlaybackSession.Outcome.NOT_FOUND, null, false, "no such session"),
        new PlaybackSession.Reply(
            PlaybackSession.Outcome.THROTTLED, LIVE, false, "too many reports for this session"),
        new PlaybackSession.BatchReply(
            new PlaybackSession.Reply(PlaybackSession.Outcome.OK, LIVE, true, ""),
            List.of(
                PlaybackSession.ReportOutcome.APPLIED,
                PlaybackSession.ReportOutcome.ALREADY_SEEN,
                PlaybackSession.ReportOutcome.AFTER_END)),
        new PlaybackSession.BatchReply(
            new PlaybackSession.Reply(
                PlaybackSession.Outcome.THROTTLED,
                LIVE,
                false,
                "too many reports for this session"),
            List.of()),
        new PlaybackSession.BatchReply(
            new PlaybackSession.Reply(
                PlaybackSession.Outcome.FORBIDDEN, null, false, "not this player's session"),
            List.of()),
        new PlaybackSession.SteerReply(
            PlaybackSession.Outcome.OK, LIVE, ANSWER, List.of("oca-lhr-1", "origin"), ""),
        new PlaybackSession.SteerReply(
            PlaybackSession.Outcome.FORBIDDEN, null, null, List.of(), "not this player's session"),
        new PlaybackSession.StopNotice("s-1", StopReason.REVOKED, "session ended"),
        new Account.Admit(
            new Account.StreamRequest("s-1", "prof-1", "tv-1", "tv", "title-42"),
            List.of("kq3J", "zz9"),
            1_700_000_000_000L,
            admitTo),
        new Account.Admit(
            new Account.StreamRequest("s-1", "prof-1", "tv-1", "", "title-42"),
            List.of(),
            0,
            admitTo),
        new Account.AdmitReply(
            Account.AdmitOutcome.ADMITTED, "admitted", List.of(), List.of("s-9"), "standard"),
        new Account.AdmitReply(
            Account.AdmitOutcome.LIMIT_REACHED,
            "the plan allows 2 streams at once",
            List.of(conflict, reservation),
            List.of()),
        new Account.AdmitReply(
            Account.AdmitOutcome.SESSION_ENDED, "this session has ended", List.of(), List.of()),
        new Account.AdmitReply(
            Account.AdmitOutcome.TOKEN_REVOKED,
            "this token was issued before the account signed out every device",
            List.of(),
            List.of()),
        new Account.RenewLease("s-1"),
        new Account.Release("s-1", StopReason.USER, 1_700_000_100_000L),
        new ProfileBookmarks.RecordPosition(
            "title-42", 61_000, 1_700_000_061_000L, "s-1", "tv-1", false),
        new ProfileBookmarks.RecordPosition(
            "title-42", 5_400_000, 1_700_000_061_000L, "s-1", "tv-1", true),
        new ProfileBookmarks.GetResume("title-42", resumeTo),
        new ProfileBookmarks.GetResume(null, resumeTo),
        new ProfileBookmarks.ResumePosition("title-42", 61_000),
        new ProfileBookmarks.ResumePosition(null, 0),
        new CacheReport("oca-lhr-1", true, 62.5, List.of("title-42", "title-7"), false, 17L),
        new CacheReport("partner-1", false, 0, List.of(), true, 18L),
        new CacheMark("oca-lhr-1", true, "drain for maintenance", "oncall-1", 19L),
        new FailureCount(
            "oca-lhr-1", 4, 3, List.of(-8_817_540_342_114_080_871L, 42L), 1_700_000_000_000L),
        new FailureCount("oca-lhr-1", 1, 1, List.of(), 1_700_000_000_000L),
        new NetworkVersion("af2f37b8a62b56eb", 1_700_000_000_000L, "oncall-1"));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughTheClusterSerializer(Object message) throws NotSerializableException {
    Serializer serializer = serialization.findSerializerFor(message);
    assertEquals(ClusterMessageSerializer.IDENTIFIER, serializer.identifier(), "binding");
    byte[] bytes = serializer.toBinary(message);
    String manifest = Serializers.manifestFor(serializer, message);
    assertEquals(
        message, serialization.deserialize(bytes, serializer.identifier(), manifest).get());
  }

  @Test
  void messagesThatAreNotBoundKeepTheCborFallback() {
    Account.GetAccount care =
        new Account.GetAccount(testKit.<Account.AccountView>createTestProbe().ref());
    assertEquals(
        "JacksonCborSerializer", serialization.findSerializerFor(care).getClass().getSimpleName());
  }

  @Test
  void unknownManifestsAndCorruptBytesAreRefused() throws NotSerializableException {
    Serializer serializer = serialization.serializerFor(PlaybackSession.Heartbeat.class);
    ClusterMessageSerializer cluster = (ClusterMessageSerializer) serializer;
    assertThrows(NotSerializableException.class, () -> cluster.fromBinary(new byte[0], "?"));
    assertThrows(
        NotSerializableException.class,
        () ->
            cluster.fromBinary(new byte[] {(byte) 0xff, 0x01}, ClusterMessageSerializer.HEARTBEAT));
  }
}
