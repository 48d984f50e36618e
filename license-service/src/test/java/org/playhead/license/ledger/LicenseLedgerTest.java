package org.playhead.license.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.playhead.license.LicenseFormat;
import org.playhead.license.TrackType;

class LicenseLedgerTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(com.typesafe.config.ConfigFactory.defaultReference()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyIssueRenewalAndDenialIsPersistedAndSurvivesARestart() {
    EventSourcedBehaviorTestKit<LicenseLedger.Command, LicenseLedger.Event, LicenseLedger.State>
        kit =
            EventSourcedBehaviorTestKit.create(testKit.system(), LicenseLedger.create("s-1", 100));
    var issued =
        new LicenseLedger.LicenseIssued(
            "l-1",
            LicenseFormat.CLEAR_KEY,
            false,
            List.of("00112233445566778899aabbccddeeff"),
            List.of(),
            EnumSet.of(TrackType.SD),
            LedgerEventSerializerTest.PERSISTENT,
            "tv-1",
            "",
            "",
            1L);
    var result = kit.<Done>runCommand(replyTo -> new LicenseLedger.RecordIssued(issued, replyTo));
    assertEquals(Done.getInstance(), result.reply());
    assertEquals(issued, result.event());
    kit.<Done>runCommand(
        replyTo ->
            new LicenseLedger.RecordIssued(
                new LicenseLedger.LicenseIssued(
                    "l-2",
                    LicenseFormat.WIDEVINE,
                    true,
                    List.of(),
                    List.of(),
                    EnumSet.noneOf(TrackType.class),
                    LedgerEventSerializerTest.STREAMING,
                    "tv-1",
                    "ab".repeat(32),
                    "cd".repeat(32),
                    2L),
                replyTo));
    kit.<Done>runCommand(
        replyTo ->
            new LicenseLedger.RecordDenied(
                new LicenseLedger.LicenseDenied(
                    LicenseFormat.WIDEVINE,
                    false,
                    "device-mismatch",
                    "other device",
                    List.of(),
                    "tv-9",
                    "",
                    "",
                    3L),
                replyTo));
    assertEquals(new LicenseLedger.State(1, 1, 1, 3L), kit.getState());
    kit.restart();
    assertEquals(new LicenseLedger.State(1, 1, 1, 3L), kit.getState());
  }
}
