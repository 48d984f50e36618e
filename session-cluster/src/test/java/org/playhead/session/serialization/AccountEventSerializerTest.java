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
import org.playhead.session.Account;
import org.playhead.session.Initiator;
import org.playhead.session.StopReason;
import org.playhead.testkit.GoldenBytes;

/** Account events and snapshots against fixed bytes (see SessionEventSerializerTest). */
class AccountEventSerializerTest {
  private final AccountEventSerializer serializer = new AccountEventSerializer();

  static final Initiator AGENT = new Initiator(Initiator.Kind.CARE, "agent-7");
  static final Account.Slot SLOT =
      new Account.Slot(
          "s-1", "p-1", "tv-1", "title-42", 1_700_000_000_000L, 1_700_000_090_000L, "tok-abc");

  static Map<String, Object> fixtures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("AccountOpened.v1", new Account.AccountOpened("standard", 1_700_000_000_000L));
    f.put(
        "DeviceRegistered.v1",
        new Account.DeviceRegistered("tv-1", "tv", 1_700_000_000_000L, AGENT, "new tv"));
    f.put("DeviceRemoved.v1", new Account.DeviceRemoved("tv-1", 1_700_000_100_000L, AGENT, "lost"));
    f.put("StreamAdmitted.v1", new Account.StreamAdmitted(SLOT));
    f.put(
        "StreamEnded.v1",
        new Account.StreamEnded(
            "s-1",
            StopReason.USER,
            1_700_000_050_000L,
            Initiator.SYSTEM,
            "session ended",
            1_700_000_110_000L));
    f.put("ReservationReleased.v1", new Account.ReservationReleased("s-1", 1_700_000_060_000L));
    f.put(
        "PlanChanged.v1", new Account.PlanChanged("premium", 1_700_000_070_000L, AGENT, "upgrade"));
    f.put(
        "AccountSnapshot.v1-open",
        new Account.Open(
            "standard",
            Map.of("tv-1", new Account.Device("tv-1", "tv", 1_700_000_000_000L)),
            Map.of("s-1", SLOT),
            Map.of(
                "s-0",
                new Account.Reservation(
                    new Account.Slot(
                        "s-0",
                        "p-2",
                        "phone-1",
                        "title-1",
                        1_699_999_000_000L,
                        1_699_999_090_000L,
                        "tok-def"),
                    1_700_000_120_000L)),
            List.of(
                new Account.EndedStream(
                    "s-0",
                    "p-1",
                    "tv-1",
                    "title-1",
                    1_699_999_000_000L,
                    1_700_000_060_000L,
                    StopReason.USER))));
    f.put("AccountSnapshot.v1-unopened", new Account.Unopened());
    f.put(
        "PlayerTokensRevoked.v1",
        new Account.PlayerTokensRevoked(1_700_000_081_000L, AGENT, "account compromised"));
    f.put(
        "AccountSnapshot.v1-signed-out",
        new Account.Open("premium", Map.of(), Map.of(), Map.of(), List.of(), 1_700_000_081_000L));
    return f;
  }

  static Stream<Arguments> cases() {
    return fixtures().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenBytesStillReadAndWriteTheSame(String fixture, Object value) throws Exception {
    GoldenBytes.check("account", fixture, value, serializer);
  }

  @Test
  void unknownManifestsFailClearly() {
    assertThrows(
        NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "Nope.v1"));
  }
}
