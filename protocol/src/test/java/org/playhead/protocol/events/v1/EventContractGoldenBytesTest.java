package org.playhead.protocol.events.v1;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.playhead.testkit.GoldenBytes;

/**
 * The published contract's bytes: consumers outside this repository decode them, so every event
 * kind keeps a fixture in {@code src/test/resources/golden/events} that must still parse as the
 * same message and that the same message must still write. A missing fixture is written once with
 * {@code -Dplayhead.golden.write=true}, for a new event kind only; an existing one is never
 * rewritten (change the contract in a new package instead).
 */
class EventContractGoldenBytesTest {

  private static final SessionContext CONTEXT =
      SessionContext.newBuilder()
          .setAccountId("acc-1")
          .setProfileId("profile-1")
          .setTitleId("title-42")
          .setDeviceId("tv-1")
          .setDeviceType("tv")
          .setPathway("oca-lhr-1")
          .setClientNetwork("81.2.69.0/24")
          .build();

  private static SessionEvent.Builder session(int sequence) {
    return SessionEvent.newBuilder()
        .setEventId("PlaybackSession|s-1/" + sequence + "/0")
        .setSessionId("s-1")
        .setOccurredAtMs(1_795_321_289_905L + sequence * 1000L)
        .setSequence(sequence)
        .setContext(CONTEXT)
        .setPositionMs(61_000);
  }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        fixture(
            "SessionEvent.v1-started",
            session(1).setStarted(SessionStarted.newBuilder().setResumePositionMs(60_000)).build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-video-started",
            session(2).setVideoStarted(VideoStarted.newBuilder().setStartupTimeMs(1_250)).build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-paused",
            session(3).setPaused(PlaybackPaused.getDefaultInstance()).build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-resumed",
            session(4).setResumed(PlaybackResumed.getDefaultInstance()).build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-rebuffering-began",
            session(5).setRebufferingBegan(RebufferingBegan.getDefaultInstance()).build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-rebuffering-ended",
            session(6)
                .setRebufferingEnded(RebufferingEnded.newBuilder().setDurationMs(2_400))
                .build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-seek-began",
            session(7).setSeekBegan(SeekBegan.getDefaultInstance()).build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-bitrate-changed",
            session(8)
                .setIndex(1)
                .setBitrateChanged(BitrateChanged.newBuilder().setFromKbps(3000).setToKbps(4500))
                .build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-pathway-changed",
            session(9)
                .setIndex(2)
                .setPathwayChanged(
                    PathwayChanged.newBuilder()
                        .setFromPathway("oca-lhr-1")
                        .setToPathway("ix-linx-1"))
                .build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-license-issued",
            session(1)
                .setEventId("LicenseLedger|s-1/1/0")
                .setLicenseIssued(
                    LicenseIssued.newBuilder()
                        .setLicenseId("lic-1")
                        .setFormat("clear-key")
                        .setRenewal(false)
                        .addAllKeyIds(List.of("0123456789abcdef0123456789abcdef"))
                        .addAllTrackTypes(List.of("AUDIO", "SD")))
                .build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-license-denied",
            session(2)
                .setEventId("LicenseLedger|s-1/2/0")
                .setLicenseDenied(
                    LicenseDenied.newBuilder()
                        .setFormat("widevine-style")
                        .setRenewal(true)
                        .setReason("session-not-live"))
                .build(),
            SessionEvent.parser()),
        fixture(
            "SessionEvent.v1-stopped",
            session(10)
                .setStopped(
                    SessionStopped.newBuilder()
                        .setReason("user")
                        .setPlayedMs(1_800_000)
                        .setRebufferingMs(4_200)
                        .setAverageBitrateKbps(4_100)
                        .setVideoStarted(true)
                        .setStartupTimeMs(1_250))
                .build(),
            SessionEvent.parser()),
        fixture(
            "AccountEvent.v1-opened",
            account(1).setOpened(AccountOpened.newBuilder().setPlan("standard")).build(),
            AccountEvent.parser()),
        fixture(
            "AccountEvent.v1-plan-changed",
            account(2)
                .setInitiator("care:agent-7")
                .setWhy("upgrade by phone")
                .setPlanChanged(PlanChanged.newBuilder().setPlan("premium"))
                .build(),
            AccountEvent.parser()),
        fixture(
            "AccountEvent.v1-device-registered",
            account(3)
                .setDeviceRegistered(
                    DeviceRegistered.newBuilder().setDeviceId("tv-1").setDeviceType("tv"))
                .build(),
            AccountEvent.parser()),
        fixture(
            "AccountEvent.v1-device-removed",
            account(4)
                .setInitiator("care:agent-7")
                .setWhy("phone lost")
                .setDeviceRemoved(DeviceRemoved.newBuilder().setDeviceId("phone-1"))
                .build(),
            AccountEvent.parser()),
        fixture(
            "AccountEvent.v1-stream-admitted",
            account(5)
                .setStreamAdmitted(
                    StreamAdmitted.newBuilder()
                        .setSessionId("s-1")
                        .setProfileId("profile-1")
                        .setDeviceId("tv-1")
                        .setTitleId("title-42"))
                .build(),
            AccountEvent.parser()),
        fixture(
            "AccountEvent.v1-stream-ended",
            account(6)
                .setStreamEnded(StreamEnded.newBuilder().setSessionId("s-1").setReason("evicted"))
                .build(),
            AccountEvent.parser()),
        fixture(
            "QoeSample.v1",
            QoeSample.newBuilder()
                .setSessionId("s-1")
                .setSampledAtMs(1_795_321_299_905L)
                .setSequenceNumber(12)
                .setContext(CONTEXT)
                .setPlayerState("r")
                .setBufferMs(0)
                .setBitrateKbps(4500)
                .setThroughputKbps(-1)
                .setBufferStarvation(true)
                .setError(false)
                .setPlayedMs(27_000)
                .setRebufferingMs(3_000)
                .build(),
            QoeSample.parser()));
  }

  private static AccountEvent.Builder account(int sequence) {
    return AccountEvent.newBuilder()
        .setEventId("Account|acc-1/" + sequence + "/0")
        .setAccountId("acc-1")
        .setOccurredAtMs(1_795_321_289_905L + sequence * 1000L)
        .setSequence(sequence)
        .setInitiator("system");
  }

  private static Arguments fixture(String name, Message message, Parser<?> parser) {
    return Arguments.of(name, message, parser);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureStillReadsAndWrites(String name, Message message, Parser<?> parser) throws Exception {
    GoldenBytes.check("events", name, message, message.toByteArray(), parser::parseFrom);
  }
}
