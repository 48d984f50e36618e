package org.playhead.session.care;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.playhead.session.Account.AccountOpened;
import org.playhead.session.Account.DeviceRegistered;
import org.playhead.session.Account.PlanChanged;
import org.playhead.session.Account.ReservationReleased;
import org.playhead.session.Account.Slot;
import org.playhead.session.Account.StreamAdmitted;
import org.playhead.session.Account.StreamEnded;
import org.playhead.session.DeviceInfo;
import org.playhead.session.Hdcp;
import org.playhead.session.Initiator;
import org.playhead.session.PlaybackSession.PlaybackStarted;
import org.playhead.session.PlaybackSession.PlaybackStateChanged;
import org.playhead.session.PlaybackSession.PlaybackStopped;
import org.playhead.session.PlaybackSession.PositionCheckpointed;
import org.playhead.session.Progress;
import org.playhead.session.SessionFacts;
import org.playhead.session.SessionPhase;
import org.playhead.session.StopReason;
import org.playhead.session.care.TimelineEntries.Capped;

class TimelineEntriesTest {
  private static final String SESSION = "s-1";
  private static final String TOKEN = "tErMiNaTiOn-ToKeN-123";
  private static final long T0 = 1_700_000_000_000L;
  private static final SessionFacts FACTS =
      new SessionFacts(
          "acc-1", "profile-1", new DeviceInfo("tv-1", "tv", 3, Hdcp.V2_2), "t-42", T0);

  private static Progress at(long positionMs, long atMs) {
    return new Progress(positionMs, 4500, 12000, 25000, 7, atMs, "cdn-a", atMs);
  }

  @Test
  void startIsMappedWithTitleDeviceAccountProfileAndResumePosition() {
    TimelineEntry e =
        TimelineEntries.fromSessionEvent(
            new PlaybackStarted(FACTS, Progress.startingAt(61_000, T0)), 1, T0 + 999);
    assertEquals(T0, e.atMs(), "the event's own time, not the journal's");
    assertEquals("session", e.source());
    assertEquals("started", e.kind());
    assertEquals(1, e.sequenceNr());
    assertEquals("t-42", e.details().get("titleId"));
    assertEquals("acc-1", e.details().get("accountId"));
    assertEquals("profile-1", e.details().get("profileId"));
    assertEquals("tv-1", e.details().get("deviceId"));
    assertEquals("61000", e.details().get("resumePositionMs"));
    assertEquals(
        "Started t-42 on tv tv-1 (account acc-1, profile profile-1), resuming at 0:01:01",
        e.summary());
  }

  @Test
  void stateChangesCheckpointsAndStopsCarryPhasePositionAndReason() {
    TimelineEntry playing =
        TimelineEntries.fromSessionEvent(
            new PlaybackStateChanged(SessionPhase.PLAYING, at(1_000, T0 + 10), T0 + 10), 2, 0);
    assertEquals("playing", playing.kind());
    assertEquals("PLAYING", playing.details().get("phase"));
    assertEquals("1000", playing.details().get("positionMs"));
    assertEquals("cdn-a", playing.details().get("pathway"));
    assertEquals(T0 + 10, playing.atMs());
    assertEquals("Playing at 0:00:01", playing.summary());

    TimelineEntry checkpoint =
        TimelineEntries.fromSessionEvent(new PositionCheckpointed(at(31_000, T0 + 30)), 3, 0);
    assertEquals("checkpoint", checkpoint.kind());
    assertEquals(T0 + 30, checkpoint.atMs());
    assertEquals("31000", checkpoint.details().get("positionMs"));

    TimelineEntry stopped =
        TimelineEntries.fromSessionEvent(
            new PlaybackStopped(StopReason.EXPIRED, at(3_723_000, T0 + 40), T0 + 90_000), 4, 0);
    assertEquals("stopped", stopped.kind());
    assertEquals("EXPIRED", stopped.details().get("reason"));
    assertEquals(T0 + 90_000, stopped.atMs(), "an expiry's time is its lease end");
    assertEquals("Stopped (expired) at 1:02:03", stopped.summary());
  }

  @Test
  void anEventWithoutItsOwnTimeTakesTheJournalsTimestamp() {
    TimelineEntry e = TimelineEntries.fromSessionEvent("a future event type", 9, T0 + 5);
    assertEquals("unknown", e.kind());
    assertEquals(T0 + 5, e.atMs());
  }

  @Test
  void admissionOfThisSessionIsShownWithoutItsTerminationToken() {
    Slot slot = new Slot(SESSION, "profile-1", "tv-1", "t-42", T0 - 3, T0 + 90_000, TOKEN);
    TimelineEntry e =
        TimelineEntries.fromAccountEvent(SESSION, new StreamAdmitted(slot), 5, 0).orElseThrow();
    assertEquals("account", e.source());
    assertEquals("admitted", e.kind());
    assertEquals(T0 - 3, e.atMs());
    assertEquals("tv-1", e.details().get("deviceId"));
    assertFalse(e.toString().contains(TOKEN), "the token is a credential: " + e);
  }

  @Test
  void streamEndedSaysWhoEndedItAndWhy() {
    Initiator agent = new Initiator(Initiator.Kind.CARE, "agent-7");
    TimelineEntry e =
        TimelineEntries.fromAccountEvent(
                SESSION,
                new StreamEnded(SESSION, StopReason.REVOKED, T0 + 50, agent, "chargeback", 0),
                6,
                0)
            .orElseThrow();
    assertEquals("stream-ended", e.kind());
    assertEquals("REVOKED", e.details().get("reason"));
    assertEquals("care agent-7", e.details().get("initiator"));
    assertEquals("CARE", e.details().get("initiatorKind"));
    assertEquals("agent-7", e.details().get("initiatorId"));
    assertEquals("chargeback", e.details().get("why"));
    assertFalse(e.details().containsKey("reservedUntilMs"));
    assertEquals("Account ended the stream (revoked) by care agent-7: chargeback", e.summary());

    TimelineEntry handoff =
        TimelineEntries.fromAccountEvent(
                SESSION,
                new StreamEnded(
                    SESSION, StopReason.USER, T0, Initiator.SYSTEM, "session ended", T0 + 60_000),
                7,
                0)
            .orElseThrow();
    assertEquals(String.valueOf(T0 + 60_000), handoff.details().get("reservedUntilMs"));
    assertTrue(
        TimelineEntries.fromAccountEvent(SESSION, new ReservationReleased(SESSION, T0 + 1), 8, 0)
            .isPresent());
  }

  @Test
  void accountEventsThatDoNotNameTheSessionAreLeftOut() {
    Slot other = new Slot("s-2", "profile-1", "tv-1", "t-42", T0, T0 + 90_000, TOKEN);
    Initiator agent = new Initiator(Initiator.Kind.CARE, "agent-7");
    List<Object> events =
        List.of(
            new AccountOpened("standard", T0),
            new DeviceRegistered("tv-1", "tv", T0, Initiator.SYSTEM, "first stream"),
            new PlanChanged("premium", T0, agent, "upgrade"),
            new StreamAdmitted(other),
            new StreamEnded("s-2", StopReason.USER, T0, Initiator.SYSTEM, "session ended", 0),
            new ReservationReleased("s-2", T0));
    for (Object event : events) {
      assertEquals(
          Optional.empty(), TimelineEntries.fromAccountEvent(SESSION, event, 1, T0), "" + event);
    }
  }

  @Test
  void mergeOrdersByTimeThenSessionBeforeAccountThenSequenceNumber() {
    TimelineEntry started = entry(100, "session", "started", 1);
    TimelineEntry admitted = entry(99, "account", "admitted", 40);
    TimelineEntry playing = entry(200, "session", "playing", 2);
    TimelineEntry paused = entry(200, "session", "paused", 3);
    TimelineEntry stopped = entry(300, "session", "stopped", 4);
    TimelineEntry ended = entry(300, "account", "stream-ended", 41);

    List<TimelineEntry> merged =
        TimelineEntries.merge(List.of(stopped, paused, started, playing), List.of(ended, admitted));
    assertEquals(List.of(admitted, started, playing, paused, stopped, ended), merged);
  }

  @Test
  void theAccountIsTheOneTheStartNames() {
    TimelineEntry started =
        TimelineEntries.fromSessionEvent(
            new PlaybackStarted(FACTS, Progress.startingAt(0, T0)), 1, 0);
    assertEquals(Optional.of("acc-1"), TimelineEntries.accountOf(List.of(started)));
    assertEquals(
        Optional.empty(), TimelineEntries.accountOf(List.of(entry(1, "session", "playing", 2))));
  }

  @Test
  void aReadOverTheCapIsCutAndSaysSo() {
    assertEquals(new Capped<>(List.of(1, 2, 3), true), Capped.of(List.of(1, 2, 3, 4), 3));
    assertEquals(new Capped<>(List.of(1, 2, 3), false), Capped.of(List.of(1, 2, 3), 3));
    assertEquals(new Capped<>(List.of(), false), Capped.of(List.of(), 3));
  }

  @Test
  void settingsComeFromConfigAndRefuseANonPositiveCap() {
    TimelineSettings settings = TimelineSettings.fromConfig(ConfigFactory.load());
    assertEquals(10_000, settings.maxEventsRead());
    assertEquals(Duration.ofSeconds(10), settings.readTimeout());
    assertThrows(IllegalArgumentException.class, () -> new TimelineSettings(0, Duration.ZERO));
  }

  @Test
  void jsonShowsEntriesInOrderWithIsoTimesAndNoToken() throws Exception {
    Slot slot = new Slot(SESSION, "profile-1", "tv-1", "t-42", T0 - 3, T0 + 90_000, TOKEN);
    TimelineEntry admitted =
        TimelineEntries.fromAccountEvent(SESSION, new StreamAdmitted(slot), 5, 0).orElseThrow();
    TimelineEntry started =
        TimelineEntries.fromSessionEvent(
            new PlaybackStarted(FACTS, Progress.startingAt(0, T0)), 1, 0);
    Timeline timeline =
        new Timeline(
            SESSION, "acc-1", TimelineEntries.merge(List.of(started), List.of(admitted)), true);

    String json = new ObjectMapper().writeValueAsString(TimelineJson.of(timeline, 10_000));
    var tree = new ObjectMapper().readTree(json);
    assertEquals(SESSION, tree.path("sessionId").asText());
    assertTrue(tree.path("truncated").asBoolean());
    assertEquals("admitted", tree.path("entries").path(0).path("kind").asText());
    assertEquals("2023-11-14T22:13:19.997Z", tree.path("entries").path(0).path("at").asText());
    assertEquals("t-42", tree.path("entries").path(1).path("details").path("titleId").asText());
    assertFalse(json.contains(TOKEN), json);
  }

  @Test
  void licenseIssuesRenewalsAndDenialsShowKeyIdsAndPolicyAndSortAfterTheSessionAtTheSameTime() {
    var policy =
        org.playhead.license.policy.LicensePolicy.streaming(
            org.playhead.license.policy.PolicySettings.defaults(),
            1,
            org.playhead.license.Hdcp.NONE,
            java.util.EnumSet.of(
                org.playhead.license.TrackType.AUDIO, org.playhead.license.TrackType.SD));
    TimelineEntry issued =
        TimelineEntries.fromLicenseEvent(
            new org.playhead.license.ledger.LicenseLedger.LicenseIssued(
                "lic-1",
                org.playhead.license.LicenseFormat.CLEAR_KEY,
                false,
                List.of("00112233445566778899aabbccddeeff"),
                List.of("ffeeddccbbaa99887766554433221100"),
                java.util.EnumSet.of(org.playhead.license.TrackType.SD),
                policy,
                "tv-1",
                "",
                "",
                T0),
            1,
            0);
    assertEquals("license", issued.source());
    assertEquals("license-issued", issued.kind());
    assertEquals("00112233445566778899aabbccddeeff", issued.details().get("keyIds"));
    assertEquals("ffeeddccbbaa99887766554433221100", issued.details().get("withheldKeyIds"));
    assertEquals("AUDIO,SD", issued.details().get("allowedTrackTypes"));
    assertEquals("600", issued.details().get("licenseDurationSeconds"));
    assertTrue(issued.summary().startsWith("Clear Key license issued with 1 key(s) for SD"));
    TimelineEntry renewed =
        TimelineEntries.fromLicenseEvent(
            new org.playhead.license.ledger.LicenseLedger.LicenseIssued(
                "lic-2",
                org.playhead.license.LicenseFormat.WIDEVINE,
                true,
                List.of(),
                List.of(),
                java.util.EnumSet.noneOf(org.playhead.license.TrackType.class),
                policy,
                "tv-1",
                "ab".repeat(32),
                "cd".repeat(32),
                T0 + 300_000),
            2,
            0);
    assertEquals("license-renewed", renewed.kind());
    assertEquals("ab".repeat(32), renewed.details().get("deviceCertificate"));
    assertEquals("cd".repeat(32), renewed.details().get("modelCertificate"));
    assertFalse(issued.details().containsKey("deviceCertificate"), "an uncertified device");
    TimelineEntry denied =
        TimelineEntries.fromLicenseEvent(
            new org.playhead.license.ledger.LicenseLedger.LicenseDenied(
                org.playhead.license.LicenseFormat.PLAYREADY,
                true,
                "session-not-live",
                "The session has ended (evicted); start a new one.",
                List.of(),
                "tv-1",
                "",
                "",
                T0),
            3,
            0);
    assertEquals("license-denied", denied.kind());
    assertEquals("session-not-live", denied.details().get("reason"));
    assertTrue(denied.summary().contains("PlayReady-style renewal denied (session-not-live)"));
    TimelineEntry started =
        TimelineEntries.fromSessionEvent(
            new PlaybackStarted(FACTS, Progress.startingAt(0, T0)), 1, 0);
    assertEquals(
        List.of("started", "license-issued", "license-denied", "license-renewed"),
        TimelineEntries.merge(List.of(started), List.of(), List.of(renewed, denied, issued))
            .stream()
            .map(TimelineEntry::kind)
            .toList());
  }

  private static TimelineEntry entry(long atMs, String source, String kind, long seq) {
    return new TimelineEntry(atMs, source, kind, kind, Map.of(), seq);
  }
}
