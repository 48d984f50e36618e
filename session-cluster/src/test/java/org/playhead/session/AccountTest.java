package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.playhead.session.Account.AdmitOutcome;
import org.playhead.session.Account.AdmitReply;
import org.playhead.session.Account.CareReply;
import org.playhead.session.Account.Command;
import org.playhead.session.Account.Event;
import org.playhead.session.Account.State;

class AccountTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf")));

  private static final Duration TTL = Duration.ofSeconds(90);
  private static final Duration RENEW = Duration.ofSeconds(15);
  private static final Duration GRACE = Duration.ofSeconds(60);

  private static final AccountSettings SETTINGS =
      new AccountSettings(
          Map.of(
              "basic", new Plan("basic", 1, 3, EvictionPolicy.BLOCK_NEW, GRACE),
              "standard", new Plan("standard", 2, 5, EvictionPolicy.BLOCK_NEW, GRACE),
              "oldest-out", new Plan("oldest-out", 2, 5, EvictionPolicy.EVICT_OLDEST, GRACE),
              "newest-out", new Plan("newest-out", 2, 5, EvictionPolicy.EVICT_NEWEST, GRACE)),
          "standard",
          TTL,
          RENEW,
          20,
          100);

  record Stopped(String sessionId, StopReason reason) {}

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final List<Stopped> stopped = new CopyOnWriteArrayList<>();
  private final EventSourcedBehaviorTestKit<Command, Event, State> account =
      EventSourcedBehaviorTestKit.create(
          testKit.system(),
          Account.create(
              "acc-" + UUID.randomUUID(),
              SETTINGS,
              clock,
              (sessionId, reason, detail) -> stopped.add(new Stopped(sessionId, reason))));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private AdmitReply admit(String session, String profile, String device, String... tokens) {
    return account
        .<AdmitReply>runCommand(
            replyTo ->
                new Account.Admit(
                    new Account.StreamRequest(session, profile, device, "tv", "title-1"),
                    List.of(tokens),
                    clock.millis(),
                    replyTo))
        .reply();
  }

  private void plan(String name) {
    CareReply reply =
        account
            .<CareReply>runCommand(
                r ->
                    new Account.ChangePlan(
                        name, new Initiator(Initiator.Kind.CARE, "agent-1"), "test", r))
            .reply();
    assertTrue(reply.ok(), reply.error());
  }

  private Account.AccountView view() {
    return account.<Account.AccountView>runCommand(Account.GetAccount::new).reply();
  }

  @Test
  void admitsUpToThePlanThenListsTheStreamsInTheWay() {
    AdmitReply first = admit("s1", "p1", "d1");
    assertEquals(AdmitOutcome.ADMITTED, first.outcome());
    // The plan goes with the admission: the session's licenses follow it (offline rights).
    assertEquals("standard", first.plan());
    assertEquals(AdmitOutcome.ADMITTED, admit("s2", "p2", "d2").outcome());
    var refused =
        account.<AdmitReply>runCommand(
            r ->
                new Account.Admit(
                    new Account.StreamRequest("s3", "p3", "d3", "tv", "t"),
                    List.of(),
                    clock.millis(),
                    r));
    assertEquals(AdmitOutcome.LIMIT_REACHED, refused.reply().outcome());
    assertEquals(
        List.of("s1", "s2"),
        refused.reply().conflicts().stream().map(Account.StreamView::sessionId).toList());
    assertTrue(refused.reply().conflicts().stream().allMatch(c -> !c.terminationToken().isEmpty()));
    assertTrue(
        refused.events().stream().noneMatch(e -> e instanceof Account.StreamAdmitted),
        "a refused start admits nothing");
    assertEquals(2, view().activeStreams().size());
  }

  @Test
  void aTerminationTokenStopsTheNamedStreamAndAdmitsTheNewOne() {
    admit("s1", "p1", "d1");
    admit("s2", "p2", "d2");
    String tokenOfS1 = admit("s3", "p3", "d3").conflicts().get(0).terminationToken();
    AdmitReply retried = admit("s3", "p3", "d3", tokenOfS1);
    assertEquals(AdmitOutcome.ADMITTED, retried.outcome());
    assertEquals(List.of("s1"), retried.evicted());
    assertEquals(List.of(new Stopped("s1", StopReason.EVICTED)), stopped);
    assertEquals(
        List.of("s2", "s3"),
        view().activeStreams().stream().map(Account.StreamView::sessionId).toList());
  }

  @Test
  void evictOldestAndEvictNewestPolicies() {
    plan("oldest-out");
    admit("s1", "p1", "d1");
    clock.advance(Duration.ofSeconds(1));
    admit("s2", "p2", "d2");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("s1"), admit("s3", "p3", "d3").evicted());

    plan("newest-out");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("s3"), admit("s4", "p4", "d4").evicted());
    assertEquals(
        List.of(new Stopped("s1", StopReason.EVICTED), new Stopped("s3", StopReason.EVICTED)),
        stopped);
    assertEquals(2, view().activeStreams().size());
  }

  @Test
  void aProfileMovingToAnotherDeviceTakesOverItsOwnStream() {
    plan("basic");
    admit("phone-stream", "p1", "phone");
    AdmitReply tv = admit("tv-stream", "p1", "tv");
    assertEquals(AdmitOutcome.ADMITTED, tv.outcome());
    assertEquals(List.of("phone-stream"), tv.evicted());
    // Another profile is still blocked.
    assertEquals(AdmitOutcome.LIMIT_REACHED, admit("other", "p2", "tablet").outcome());
  }

  @Test
  void aSlotAProfileStoppedStaysReservedForItsHandoff() {
    plan("basic");
    admit("phone-stream", "p1", "phone");
    clock.advance(Duration.ofSeconds(10));
    account.runCommand(new Account.Release("phone-stream", StopReason.USER, clock.millis()));

    AdmitReply other = admit("someone-else", "p2", "tablet");
    assertEquals(AdmitOutcome.LIMIT_REACHED, other.outcome());
    assertTrue(other.conflicts().get(0).reservedUntilMs() > clock.millis());
    assertEquals(AdmitOutcome.ADMITTED, admit("tv-stream", "p1", "tv").outcome());
    assertTrue(stopped.isEmpty());

    account.runCommand(new Account.Release("tv-stream", StopReason.USER, clock.millis()));
    clock.advance(GRACE.plusSeconds(1));
    assertEquals(AdmitOutcome.ADMITTED, admit("someone-else-2", "p2", "tablet").outcome());
  }

  @Test
  void spentReservationsAreDroppedSoTheStateStaysSmall() {
    for (int i = 0; i < 50; i++) {
      admit("s" + i, "p1", "tv");
      account.runCommand(new Account.Release("s" + i, StopReason.USER, clock.millis()));
      clock.advance(GRACE.plusSeconds(1));
    }
    admit("last", "p2", "phone");
    var state = (Account.Open) account.getState();
    assertTrue(state.reservations().isEmpty(), "reservations left: " + state.reservations().size());
    assertEquals(1, state.slots().size());
  }

  @Test
  void aVanishedPlayersSlotFreesAfterItsLease() {
    plan("basic");
    admit("s1", "p1", "d1");
    clock.advance(TTL.plus(RENEW).plusSeconds(1));
    var later =
        account.<AdmitReply>runCommand(
            r ->
                new Account.Admit(
                    new Account.StreamRequest("s2", "p2", "d2", "tv", "t"),
                    List.of(),
                    clock.millis(),
                    r));
    assertEquals(AdmitOutcome.ADMITTED, later.reply().outcome());
    var expired =
        (Account.StreamEnded)
            later.events().stream()
                .filter(e -> e instanceof Account.StreamEnded)
                .findFirst()
                .orElseThrow();
    assertEquals(StopReason.EXPIRED, expired.reason());
    assertEquals("s1", expired.sessionId());
  }

  @Test
  void aStreamWhoseLeaseRanOutWhileItsNodeWasGoneKeepsItsSlotWhenItRenews() {
    plan("basic");
    admit("s1", "p1", "d1");
    clock.advance(TTL.plus(RENEW).plusSeconds(10)); // its node died; failover outlasted the lease
    var renewed = account.runCommand(new Account.RenewLease("s1"));
    assertTrue(renewed.hasNoEvents());
    assertTrue(stopped.isEmpty(), "nobody took the slot: " + stopped);
    assertEquals(List.of("s1"), activeSessions());
    clock.advance(TTL); // within the renewed lease
    assertEquals(AdmitOutcome.LIMIT_REACHED, admit("s2", "p2", "d2").outcome());
  }

  @Test
  void aLapsedStreamWhoseSlotWasGivenAwayEndsWhenItRenews() {
    plan("basic");
    admit("s1", "p1", "d1");
    clock.advance(TTL.plus(RENEW).plusSeconds(10));
    assertEquals(AdmitOutcome.ADMITTED, admit("s2", "p2", "d2").outcome());
    account.runCommand(new Account.RenewLease("s1"));
    assertEquals(List.of(new Stopped("s1", StopReason.EXPIRED)), stopped);
    assertEquals(List.of("s2"), activeSessions());
  }

  @Test
  void aLapsedStreamFreedByAnAdmissionGetsASlotBackWhenThePlanHasRoom() {
    admit("s1", "p1", "d1"); // standard: two streams
    clock.advance(TTL.plus(RENEW).plusSeconds(10));
    assertEquals(AdmitOutcome.ADMITTED, admit("s2", "p2", "d2").outcome()); // frees s1 as lapsed
    var renewed = account.runCommand(new Account.RenewLease("s1"));
    var readmitted = assertInstanceOf(Account.StreamAdmitted.class, renewed.event());
    assertEquals("s1", readmitted.slot().sessionId());
    assertTrue(stopped.isEmpty(), "the plan has room for it: " + stopped);
    assertEquals(List.of("s2", "s1"), activeSessions());
    assertEquals(AdmitOutcome.LIMIT_REACHED, admit("s3", "p3", "d3").outcome());
  }

  @Test
  void aLapsedStreamEndsWhenThePlanHasNoRoomForItAnyMore() {
    admit("s1", "p1", "d1");
    clock.advance(Duration.ofSeconds(60));
    admit("s2", "p2", "d2");
    clock.advance(Duration.ofSeconds(45)); // s1 lapsed, s2 live
    plan("basic");
    account.runCommand(new Account.RenewLease("s1"));
    assertEquals(List.of(new Stopped("s1", StopReason.EXPIRED)), stopped);
    assertEquals(List.of("s2"), activeSessions());
  }

  @Test
  void aLapsedStreamOnARemovedDeviceIsNotReadmitted() {
    admit("s1", "p1", "d1");
    clock.advance(TTL.plus(RENEW).plusSeconds(10));
    admit("s2", "p2", "d2");
    account.<CareReply>runCommand(
        r ->
            new Account.RemoveDevice(
                "d1", new Initiator(Initiator.Kind.CARE, "agent-7"), "lost phone", r));
    var renewed = account.runCommand(new Account.RenewLease("s1"));
    assertTrue(renewed.hasNoEvents());
    assertEquals(List.of(new Stopped("s1", StopReason.EXPIRED)), stopped);
  }

  @Test
  void aLapsedStreamFromBeforeASignOutEverywhereIsNotReadmitted() {
    admit("s1", "p1", "d1");
    clock.advance(TTL.plus(RENEW).plusSeconds(10));
    admit("s2", "p2", "d2"); // frees s1 as lapsed
    account.<CareReply>runCommand(
        r ->
            new Account.SignOutAllDevices(
                new Initiator(Initiator.Kind.CARE, "agent-1"), "account compromised", r));
    // The viewer signs in again on the same device: d1 is registered again, the plan has room.
    clock.advance(Duration.ofSeconds(2));
    assertEquals(AdmitOutcome.ADMITTED, admitWithToken("s3", clock.millis()).outcome());
    stopped.clear();
    var renewed = account.runCommand(new Account.RenewLease("s1"));
    assertTrue(renewed.hasNoEvents(), "a stream from before the sign-out gets no slot back");
    assertEquals(List.of(new Stopped("s1", StopReason.EXPIRED)), stopped);
    assertEquals(List.of("s3"), activeSessions());
  }

  private List<String> activeSessions() {
    return view().activeStreams().stream().map(Account.StreamView::sessionId).toList();
  }

  @Test
  void renewalsKeepASlotWithoutWritingToTheJournal() {
    plan("basic");
    admit("s1", "p1", "d1");
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(30));
      assertTrue(account.runCommand(new Account.RenewLease("s1")).hasNoEvents());
    }
    assertEquals(AdmitOutcome.LIMIT_REACHED, admit("s2", "p2", "d2").outcome());
  }

  @Test
  void aRetriedStartRenewsTheLeaseItIsAcknowledgedOn() {
    plan("basic");
    admit("s1", "p1", "d1");
    clock.advance(TTL.minusSeconds(1)); // the retry arrives at the end of the first lease
    var retried = admit("s1", "p1", "d1");
    assertEquals(AdmitOutcome.ALREADY_ADMITTED, retried.outcome());
    clock.advance(RENEW.plusSeconds(2)); // past the admission lease, within the retry's
    assertEquals(
        AdmitOutcome.LIMIT_REACHED,
        admit("s2", "p2", "d2").outcome(),
        "an acknowledged start must hold its slot for a lease from its acknowledgement");
  }

  @Test
  void afterARestartEveryPersistedSlotKeepsAFullLease() {
    plan("basic");
    admit("s1", "p1", "d1");
    clock.advance(Duration.ofSeconds(30));
    account.runCommand(new Account.RenewLease("s1"));
    clock.advance(Duration.ofSeconds(80)); // past the admission lease, within the renewed one
    var restarted = account.restart(); // renewals are lost with the old incarnation
    assertInstanceOf(Account.Open.class, restarted.state());
    clock.advance(Duration.ofSeconds(60));
    assertEquals(
        AdmitOutcome.LIMIT_REACHED,
        admit("s2", "p2", "d2").outcome(),
        "a restart must never free a slot whose session may still be playing");
    clock.advance(TTL.plus(RENEW));
    assertEquals(AdmitOutcome.ADMITTED, admit("s3", "p3", "d3").outcome());
  }

  @Test
  void repeatedAndEndedSessionsAreRecognised() {
    admit("s1", "p1", "d1");
    var again =
        account.<AdmitReply>runCommand(
            r ->
                new Account.Admit(
                    new Account.StreamRequest("s1", "p1", "d1", "tv", "t"),
                    List.of(),
                    clock.millis(),
                    r));
    assertEquals(AdmitOutcome.ALREADY_ADMITTED, again.reply().outcome());
    assertTrue(again.hasNoEvents());
    account.runCommand(new Account.Release("s1", StopReason.ENDED, clock.millis()));
    assertEquals(AdmitOutcome.SESSION_ENDED, admit("s1", "p1", "d1").outcome());
  }

  @Test
  void thePlanCapsRegisteredDevices() {
    plan("basic");
    for (int i = 1; i <= 3; i++) {
      admit("s" + i, "p1", "device-" + i); // each takes over the previous one (same profile)
    }
    assertEquals(AdmitOutcome.DEVICE_LIMIT_REACHED, admit("s4", "p1", "device-4").outcome());
    assertEquals(3, view().devices().size());
  }

  @Test
  void aRenewalForAStreamTheAccountEndedStopsThatSession() {
    admit("s1", "p1", "d1");
    admit("s2", "p2", "d2");
    String token = admit("s3", "p3", "d3").conflicts().get(0).terminationToken();
    admit("s3", "p3", "d3", token);
    stopped.clear();
    account.runCommand(new Account.RenewLease("s1")); // its stop message was lost
    account.runCommand(new Account.RenewLease("never-admitted"));
    assertEquals(
        List.of(
            new Stopped("s1", StopReason.EVICTED),
            new Stopped("never-admitted", StopReason.REVOKED)),
        stopped);
  }

  @Test
  void careActionsAreRecordedWithWhoAndWhy() {
    Initiator agent = new Initiator(Initiator.Kind.CARE, "agent-7");
    admit("s1", "p1", "d1");
    clock.advance(Duration.ofSeconds(1));
    admit("s2", "p2", "d2");

    var terminated =
        account.<CareReply>runCommand(r -> new Account.Terminate("s1", agent, "customer asked", r));
    var ended = assertInstanceOf(Account.StreamEnded.class, terminated.event());
    assertEquals(StopReason.REVOKED, ended.reason());
    assertEquals(agent, ended.by());
    assertEquals("customer asked", ended.why());
    assertEquals(List.of(new Stopped("s1", StopReason.REVOKED)), stopped);

    assertFalse(
        account
            .<CareReply>runCommand(r -> new Account.Terminate("nope", agent, "x", r))
            .reply()
            .ok());
    assertFalse(
        account
            .<CareReply>runCommand(r -> new Account.ChangePlan("gold", agent, "x", r))
            .reply()
            .ok());

    var registered =
        account.<CareReply>runCommand(
            r -> new Account.RegisterDevice("console", "console", agent, "new console", r));
    assertTrue(registered.reply().ok());
    assertEquals(3, registered.reply().account().devices().size());

    var removed =
        account.<CareReply>runCommand(r -> new Account.RemoveDevice("d2", agent, "lost phone", r));
    assertTrue(removed.reply().ok());
    assertTrue(removed.reply().account().activeStreams().isEmpty(), "the device's stream ended");

    var signedOut =
        account.<CareReply>runCommand(
            r -> new Account.SignOutAllDevices(agent, "account compromised", r));
    assertTrue(signedOut.reply().account().devices().isEmpty());
    assertEquals("s2", signedOut.reply().account().recentSessions().get(0).sessionId());
  }

  @Test
  void signingOutEverywhereRefusesStartsWithEarlierTokens() {
    Initiator agent = new Initiator(Initiator.Kind.CARE, "agent-1");
    long stolenTokenIssuedAt = clock.millis() - 60_000;
    assertEquals(AdmitOutcome.ADMITTED, admit("s1", "p1", "d1").outcome());
    clock.advance(Duration.ofMillis(300));
    account.<CareReply>runCommand(
        r -> new Account.SignOutAllDevices(agent, "account compromised", r));
    assertEquals(List.of(new Stopped("s1", StopReason.REVOKED)), stopped);

    // A token issued before, or in the same second as, the sign-out starts nothing...
    assertEquals(AdmitOutcome.TOKEN_REVOKED, admitWithToken("s2", stolenTokenIssuedAt).outcome());
    assertEquals(AdmitOutcome.TOKEN_REVOKED, admitWithToken("s3", clock.millis()).outcome());
    // ...and the refusal survives a restart (it is persisted).
    account.restart();
    assertEquals(AdmitOutcome.TOKEN_REVOKED, admitWithToken("s4", clock.millis()).outcome());
    // A token issued after the sign-out (the viewer signed in again) starts as usual.
    clock.advance(Duration.ofSeconds(1));
    long newTokenIssuedAt = clock.millis() / 1000 * 1000;
    assertEquals(AdmitOutcome.ADMITTED, admitWithToken("s5", newTokenIssuedAt).outcome());
  }

  @Test
  void anAccountNeverSeenCanBeSignedOutToo() {
    account.<CareReply>runCommand(
        r ->
            new Account.SignOutAllDevices(
                new Initiator(Initiator.Kind.CARE, "agent-1"), "stolen password", r));
    assertEquals(
        AdmitOutcome.TOKEN_REVOKED, admitWithToken("s1", clock.millis() - 1_000).outcome());
  }

  private AdmitReply admitWithToken(String session, long tokenIssuedAtMs) {
    return account
        .<AdmitReply>runCommand(
            replyTo ->
                new Account.Admit(
                    new Account.StreamRequest(session, "p1", "d1", "tv", "title-1"),
                    List.of(),
                    tokenIssuedAtMs,
                    replyTo))
        .reply();
  }

  @Test
  void aSmallerPlanEndsTheNewestStreamsBeyondIt() {
    admit("s1", "p1", "d1");
    clock.advance(Duration.ofSeconds(1));
    admit("s2", "p2", "d2");
    plan("basic");
    assertEquals(List.of(new Stopped("s2", StopReason.REVOKED)), stopped);
    assertEquals(
        List.of("s1"), view().activeStreams().stream().map(Account.StreamView::sessionId).toList());
  }
}
