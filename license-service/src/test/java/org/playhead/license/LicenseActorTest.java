package org.playhead.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.playhead.license.SessionLiveness.SessionStatus;
import org.playhead.license.ledger.LicenseLedger;
import org.playhead.license.token.LicenseClaims;
import org.playhead.license.vault.InMemoryVaultStore;
import org.playhead.license.vault.KeyVault;

class LicenseActorTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  final Clock clock = Clock.systemUTC();
  final LicenseIssuer issuer = TestKeys.issuer(clock);
  final KeyVault vault =
      new KeyVault(new InMemoryVaultStore(), TestKeys.ring("m1"), clock, Duration.ofMinutes(1), 10);
  final Map<String, CompletionStage<SessionStatus>> sessions = new ConcurrentHashMap<>();
  final List<Object> audit = new CopyOnWriteArrayList<>();
  volatile boolean ledgerDown;

  final LedgerRecorder ledger =
      new LedgerRecorder() {
        @Override
        public CompletionStage<Done> issued(String sessionId, LicenseLedger.LicenseIssued event) {
          if (ledgerDown) {
            return CompletableFuture.failedFuture(new TimeoutException("ledger down"));
          }
          audit.add(event);
          return CompletableFuture.completedFuture(Done.getInstance());
        }

        @Override
        public CompletionStage<Done> denied(String sessionId, LicenseLedger.LicenseDenied event) {
          audit.add(event);
          return CompletableFuture.completedFuture(Done.getInstance());
        }
      };

  final ActorRef<LicenseActor.Command> actor =
      testKit.spawn(
          LicenseActor.create(
              issuer,
              new DeviceCheck(
                  TestDevices.trust(),
                  new org.playhead.license.device.DeviceRevocations(
                      org.playhead.license.device.RevocationList.EMPTY),
                  clock),
              id ->
                  sessions.getOrDefault(
                      id, CompletableFuture.completedFuture(SessionStatus.unknown())),
              vault,
              ledger,
              100));

  ContentKey sdKey() throws Exception {
    return vault
        .getOrCreate("title-1", EnumSet.of(TrackType.SD))
        .toCompletableFuture()
        .get()
        .get(0);
  }

  LicenseActor.Result<byte[]> clearKey(String token, ContentKey key) {
    TestProbe<LicenseActor.Result<byte[]>> probe = testKit.createTestProbe();
    byte[] body =
        ("{\"kids\":[\"" + key.keyId().base64Url() + "\"]}").getBytes(StandardCharsets.UTF_8);
    actor.tell(new LicenseActor.ClearKey(token, body, probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  @Test
  void aLiveSessionGetsItsKeyAndTheIssueIsAuditedFirst() throws Exception {
    ContentKey key = sdKey();
    LicenseClaims claims = TestKeys.claims("s-live", clock);
    sessions.put(
        "s-live",
        CompletableFuture.completedFuture(SessionStatus.live("acc-1", "tv-1", "title-1")));
    var granted =
        assertInstanceOf(LicenseActor.Granted.class, clearKey(issuer.tokens().mint(claims), key));
    assertTrue(
        new String((byte[]) granted.answer(), StandardCharsets.UTF_8).contains(key.keyBase64Url()));
    var issued = assertInstanceOf(LicenseLedger.LicenseIssued.class, audit.get(0));
    assertEquals(List.of(key.keyId().hex()), issued.keyIds());
  }

  @Test
  void noKeyLeavesWhenItsAuditCannotBeWritten() throws Exception {
    ContentKey key = sdKey();
    sessions.put(
        "s-audit",
        CompletableFuture.completedFuture(SessionStatus.live("acc-1", "tv-1", "title-1")));
    ledgerDown = true;
    var refused =
        assertInstanceOf(
            LicenseActor.Refused.class,
            clearKey(issuer.tokens().mint(TestKeys.claims("s-audit", clock)), key));
    assertEquals(Denial.Reason.UNAVAILABLE, refused.denial().reason());
  }

  @Test
  void aStoppedSessionGetsNothingAndTheDenialIsAudited() throws Exception {
    ContentKey key = sdKey();
    sessions.put(
        "s-stopped",
        CompletableFuture.completedFuture(
            SessionStatus.ended("acc-1", "tv-1", "title-1", "revoked")));
    var refused =
        assertInstanceOf(
            LicenseActor.Refused.class,
            clearKey(issuer.tokens().mint(TestKeys.claims("s-stopped", clock)), key));
    assertEquals(Denial.Reason.SESSION_NOT_LIVE, refused.denial().reason());
    var denied = assertInstanceOf(LicenseLedger.LicenseDenied.class, audit.get(0));
    assertEquals("session-not-live", denied.reason());
  }

  @Test
  void aSessionThatDoesNotAnswerIsUnavailableNotALicense() throws Exception {
    ContentKey key = sdKey();
    sessions.put("s-slow", CompletableFuture.failedFuture(new TimeoutException("ask timed out")));
    var refused =
        assertInstanceOf(
            LicenseActor.Refused.class,
            clearKey(issuer.tokens().mint(TestKeys.claims("s-slow", clock)), key));
    assertEquals(Denial.Reason.UNAVAILABLE, refused.denial().reason());
  }

  @Test
  void forgedAndExpiredTokensAreRefusedAndOnlyGenuineOnesAudited() throws Exception {
    ContentKey key = sdKey();
    var forged = assertInstanceOf(LicenseActor.Refused.class, clearKey("e30.e30.AAAA", key));
    assertEquals(Denial.Reason.TOKEN_INVALID, forged.denial().reason());
    assertTrue(audit.isEmpty());
    LicenseClaims expired =
        TestKeys.claims("s-old", clock).expiringAt(clock.instant().minus(Duration.ofMinutes(5)));
    var refused =
        assertInstanceOf(LicenseActor.Refused.class, clearKey(issuer.tokens().mint(expired), key));
    assertEquals(Denial.Reason.TOKEN_EXPIRED, refused.denial().reason());
    assertEquals("token-expired", ((LicenseLedger.LicenseDenied) audit.get(0)).reason());
  }
}
