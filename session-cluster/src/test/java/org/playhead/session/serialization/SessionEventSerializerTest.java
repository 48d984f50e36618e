package org.playhead.session.serialization;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.NotSerializableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.playhead.session.DeviceInfo;
import org.playhead.session.Hdcp;
import org.playhead.session.PlaybackSession;
import org.playhead.session.Progress;
import org.playhead.session.SessionFacts;
import org.playhead.session.SessionPhase;
import org.playhead.session.SteeringRecord;
import org.playhead.session.StopReason;
import org.playhead.steering.SteeringAnswer;
import org.playhead.testkit.GoldenBytes;

/**
 * Every persisted event and snapshot shape, against fixed bytes kept in {@code
 * src/test/resources/golden}. A failure here means stored journals would stop reading: add a new
 * manifest version instead of changing an old one. Regenerate fixtures for a NEW version only, with
 * {@code -Dplayhead.golden.write=true}.
 */
class SessionEventSerializerTest {
  private final SessionEventSerializer serializer = new SessionEventSerializer();

  static final SessionFacts FACTS =
      new SessionFacts(
          "acc-1",
          "prof-1",
          new DeviceInfo("tv-1", "tv", 3, Hdcp.V2_2),
          "title-42",
          1_700_000_000_000L);
  static final Progress PROGRESS =
      new Progress(
          61_000, 5_000, 8_000, 20_000, 7, 1_700_000_061_000L, "cdn-a", 1_700_000_060_000L);

  static final SteeringRecord STEERING =
      new SteeringRecord(
          1_700_000_000_500L,
          "start",
          "af2f37b8a62b56eb",
          "81.2.69.0/24",
          List.of(
              new SteeringAnswer.Choice(
                  "oca-lhr-1",
                  "https://oca-lhr-1.example.net/media/",
                  "embedded",
                  "embedded at lhr, /24 match, 62% headroom"),
              new SteeringAnswer.Choice(
                  "origin",
                  "https://origin.example.net/media/",
                  "origin",
                  "origin, the fallback")));

  /** One fixture per manifest (and per state type for snapshots). */
  static Map<String, Object> fixtures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("PlaybackStarted.v1", new PlaybackSession.PlaybackStarted(FACTS, PROGRESS));
    f.put(
        "PlaybackStateChanged.v1",
        new PlaybackSession.PlaybackStateChanged(
            SessionPhase.PAUSED, PROGRESS, 1_700_000_062_000L));
    f.put("PositionCheckpointed.v1", new PlaybackSession.PositionCheckpointed(PROGRESS));
    f.put(
        "PlaybackStopped.v1",
        new PlaybackSession.PlaybackStopped(StopReason.EXPIRED, PROGRESS, 1_700_000_151_000L));
    f.put("SteeringDecided.v1", new PlaybackSession.SteeringDecided(STEERING));
    f.put("SessionSnapshot.v1-playing", new PlaybackSession.Playing(FACTS, PROGRESS));
    f.put("SessionSnapshot.v1-steered", new PlaybackSession.Paused(FACTS, PROGRESS, STEERING));
    f.put(
        "SessionSnapshot.v1-rebuffering",
        new PlaybackSession.Stalled(FACTS, PROGRESS, PlaybackSession.Stall.REBUFFERING));
    f.put(
        "SessionSnapshot.v1-stopped",
        new PlaybackSession.Stopped(FACTS, PROGRESS, StopReason.EVICTED, 1_700_000_070_000L));
    return f;
  }

  static Stream<Arguments> cases() {
    return fixtures().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenBytesStillReadAndWriteTheSame(String fixture, Object value) throws Exception {
    GoldenBytes.check("session", fixture, value, serializer);
  }

  @Test
  void unknownManifestsAndCorruptBytesFailClearly() {
    assertThrows(
        NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "Nope.v9"));
    assertThrows(
        NotSerializableException.class,
        () -> serializer.fromBinary(new byte[] {(byte) 0xff, 0x01}, "PlaybackStarted.v1"));
  }
}
