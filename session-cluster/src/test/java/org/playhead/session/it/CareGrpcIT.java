package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.playhead.session.it.SingleNodeIT.awaitAssert;

import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.grpc.GrpcClientSettings;
import org.apache.pekko.grpc.javadsl.SingleResponseRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.protocol.care.v1.Account;
import org.playhead.protocol.care.v1.AccountStream;
import org.playhead.protocol.care.v1.CareServiceClient;
import org.playhead.protocol.care.v1.ChangePlanRequest;
import org.playhead.protocol.care.v1.GetAccountRequest;
import org.playhead.protocol.care.v1.GetSessionRequest;
import org.playhead.protocol.care.v1.GetSessionTimelineRequest;
import org.playhead.protocol.care.v1.RegisterDeviceRequest;
import org.playhead.protocol.care.v1.RemoveDeviceRequest;
import org.playhead.protocol.care.v1.SignOutAllDevicesRequest;
import org.playhead.protocol.care.v1.TerminateSessionRequest;
import org.playhead.protocol.care.v1.TimelineEntry;
import org.playhead.protocol.session.v1.SessionState;
import org.playhead.protocol.session.v1.StopReason;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * The gRPC CareService on a real node against the real Cassandra, driven by the generated client:
 * reads, each audited action, bad input, and who may call it.
 */
@ExtendWith(NodeLogsOnFailure.class)
class CareGrpcIT {
  static NodeProcess node;
  static PlayerHttp http;
  static ActorSystem<Void> clientSystem;
  static CareServiceClient client;
  static final String AGENT = "agent-" + UUID.randomUUID();
  static final String CARE = TestTokens.get().care(AGENT);

  @BeforeAll
  static void startNode() throws Exception {
    node = NodeProcess.start("care-grpc", Map.of());
    NodeLogsOnFailure.watch(node);
    http = new PlayerHttp(node.baseUrl());
    clientSystem =
        ActorSystem.create(
            Behaviors.empty(),
            "care-agent",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
    client =
        CareServiceClient.create(
            GrpcClientSettings.connectToServiceAt("127.0.0.1", node.httpPort(), clientSystem)
                .withTls(false),
            clientSystem);
  }

  @AfterAll
  static void stopNode() throws Exception {
    client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    clientSystem.terminate();
    node.close();
  }

  private static String fresh(String what) {
    return what + "-" + UUID.randomUUID();
  }

  /** Sends one call with {@code token} as a bearer token (none when null). */
  private static <I, O> CompletionStage<O> send(
      SingleResponseRequestBuilder<I, O> call, String token, I in) {
    return (token == null ? call : call.addHeader("authorization", TestTokens.bearer(token)))
        .invoke(in);
  }

  private static <I, O> O care(SingleResponseRequestBuilder<I, O> call, I in) throws Exception {
    return send(call, CARE, in).toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private static Status.Code failure(CompletionStage<?> call) {
    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> call.toCompletableFuture().get(15, TimeUnit.SECONDS));
    return Status.fromThrowable(failure.getCause()).getCode();
  }

  private static Account account(String accountId) throws Exception {
    return care(
        client.getAccount(), GetAccountRequest.newBuilder().setAccountId(accountId).build());
  }

  @Test
  void readsASessionAndAnAccountWithoutTerminationTokens() throws Exception {
    String account = fresh("acc");
    String s1 = fresh("s"), s2 = fresh("s");
    assertEquals(201, http.start(s1, account, "p1", "tv", "title-1").status());
    http.heartbeat(s1, 1, "p", 5_000);
    assertEquals(201, http.start(s2, account, "p2", "phone", "title-2").status());
    // A third stream is refused with the tokens that would stop the first two.
    var refused = http.start(fresh("s"), account, "p3", "tablet", "title-3");
    assertEquals(409, refused.status());
    List<String> tokens = new ArrayList<>();
    refused.body().path("streams").forEach(s -> tokens.add(s.path("terminationToken").asText()));
    assertEquals(2, tokens.size());

    var session =
        care(client.getSession(), GetSessionRequest.newBuilder().setSessionId(s1).build());
    assertEquals(SessionState.SESSION_STATE_PLAYING, session.getState());
    assertEquals(account, session.getAccountId());
    assertEquals("tv", session.getDevice().getDeviceId());
    assertEquals(5_000, session.getPositionMs());

    Account view = account(account);
    assertEquals("standard", view.getPlan().getName());
    assertEquals(2, view.getPlan().getMaxStreams());
    assertEquals(5, view.getPlan().getMaxDevices());
    assertEquals(60, view.getPlan().getHandoffGraceSeconds());
    assertEquals(3, view.getDevicesCount(), "the refused start's device registered too");
    assertEquals(List.of(s1, s2), sessionIds(view.getActiveStreamsList()));
    assertTrue(view.getActiveStreams(0).getLeaseExpiresAtMs() > 0);
    String everything = view.toString() + " " + view.toByteString().toStringUtf8();
    for (String token : tokens) {
      assertFalse(token.isEmpty());
      assertFalse(everything.contains(token), "care never sees a termination token");
    }

    assertEquals(
        Status.Code.NOT_FOUND,
        failure(
            send(
                client.getSession(),
                CARE,
                GetSessionRequest.newBuilder().setSessionId(fresh("none")).build())));
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        failure(
            send(
                client.getSession(),
                CARE,
                GetSessionRequest.newBuilder().setSessionId("no such id").build())));
  }

  @Test
  void terminateEndsTheStreamAndTheTimelineSaysWhoAndWhy() throws Exception {
    String account = fresh("acc");
    String id = fresh("s");
    assertEquals(201, http.start(id, account, "p1", "tv", "title-1").status());
    http.heartbeat(id, 1, "p", 5_000);

    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        failure(
            send(
                client.terminateSession(),
                CARE,
                TerminateSessionRequest.newBuilder().setSessionId(id).build())),
        "no why");
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        failure(
            send(
                client.terminateSession(),
                CARE,
                TerminateSessionRequest.newBuilder().setSessionId(id).setWhy("   ").build())),
        "a blank why");

    String why = "customer asked " + UUID.randomUUID();
    var terminated =
        care(
            client.terminateSession(),
            TerminateSessionRequest.newBuilder().setSessionId(id).setWhy(why).build());
    assertEquals(SessionState.SESSION_STATE_STOPPED, terminated.getSession().getState());
    assertEquals(StopReason.STOP_REASON_REVOKED, terminated.getSession().getStopReason());

    var heartbeat = http.heartbeat(id, 2, "p", 6_000);
    assertEquals(409, heartbeat.status());
    assertEquals("revoked", heartbeat.text("stopReason"));
    assertTrue(account(account).getActiveStreamsList().isEmpty(), "the slot is free");

    awaitAssert(
        () -> {
          var timeline =
              join(
                  send(
                      client.getSessionTimeline(),
                      CARE,
                      GetSessionTimelineRequest.newBuilder().setSessionId(id).build()));
          assertEquals(account, timeline.getAccountId());
          assertFalse(timeline.getTruncated());
          assertTrue(
              timeline.getEntriesList().stream()
                  .anyMatch(e -> e.getSource().equals("session") && e.getKind().equals("started")),
              timeline.toString());
          TimelineEntry ended =
              timeline.getEntriesList().stream()
                  .filter(
                      e -> e.getSource().equals("account") && e.getKind().equals("stream-ended"))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no stream-ended in " + timeline));
          assertEquals(AGENT, ended.getDetailsMap().get("initiatorId"), ended.toString());
          assertEquals("CARE", ended.getDetailsMap().get("initiatorKind"));
          assertEquals(why, ended.getDetailsMap().get("why"));
          assertTrue(ended.getAtMs() > 0 && ended.getSequenceNr() > 0);
        });
    assertEquals(
        Status.Code.NOT_FOUND,
        failure(
            send(
                client.getSessionTimeline(),
                CARE,
                GetSessionTimelineRequest.newBuilder().setSessionId(fresh("none")).build())));

    // Terminating an ended session changes nothing.
    var again =
        care(
            client.terminateSession(),
            TerminateSessionRequest.newBuilder().setSessionId(id).setWhy("again").build());
    assertEquals(StopReason.STOP_REASON_REVOKED, again.getSession().getStopReason());
    assertEquals(
        Status.Code.NOT_FOUND,
        failure(
            send(
                client.terminateSession(),
                CARE,
                TerminateSessionRequest.newBuilder()
                    .setSessionId(fresh("none"))
                    .setWhy("gone")
                    .build())));
  }

  @Test
  void planDevicesAndSignOut() throws Exception {
    String account = fresh("acc");
    String onTv = fresh("s"), onPhone = fresh("s");
    http.start(onTv, account, "p1", "tv", "title-1");
    http.start(onPhone, account, "p2", "phone", "title-2");

    assertEquals(
        Status.Code.FAILED_PRECONDITION,
        failure(
            send(
                client.changePlan(),
                CARE,
                ChangePlanRequest.newBuilder()
                    .setAccountId(account)
                    .setPlan("gold")
                    .setWhy("no such plan")
                    .build())));
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        failure(
            send(
                client.changePlan(),
                CARE,
                ChangePlanRequest.newBuilder().setAccountId(account).setPlan("premium").build())));
    assertEquals("standard", account(account).getPlan().getName(), "refusals change nothing");
    var premium =
        care(
            client.changePlan(),
            ChangePlanRequest.newBuilder()
                .setAccountId(account)
                .setPlan("premium")
                .setWhy("upgrade")
                .build());
    assertEquals("premium", premium.getAccount().getPlan().getName());
    assertEquals(4, premium.getAccount().getPlan().getMaxStreams());

    var registered =
        care(
            client.registerDevice(),
            RegisterDeviceRequest.newBuilder()
                .setAccountId(account)
                .setDeviceId("console")
                .setDeviceType("console")
                .setWhy("new console")
                .build());
    assertTrue(
        registered.getAccount().getDevicesList().stream()
            .anyMatch(
                d -> d.getDeviceId().equals("console") && d.getDeviceType().equals("console")));
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        failure(
            send(
                client.registerDevice(),
                CARE,
                RegisterDeviceRequest.newBuilder()
                    .setAccountId(account)
                    .setDeviceId("bad device")
                    .setWhy("x")
                    .build())));

    var removed =
        care(
            client.removeDevice(),
            RemoveDeviceRequest.newBuilder()
                .setAccountId(account)
                .setDeviceId("phone")
                .setWhy("phone lost")
                .build());
    assertEquals(List.of(onTv), sessionIds(removed.getAccount().getActiveStreamsList()));
    assertFalse(
        removed.getAccount().getDevicesList().stream()
            .anyMatch(d -> d.getDeviceId().equals("phone")));
    assertEquals(
        Status.Code.FAILED_PRECONDITION,
        failure(
            send(
                client.removeDevice(),
                CARE,
                RemoveDeviceRequest.newBuilder()
                    .setAccountId(account)
                    .setDeviceId("phone")
                    .setWhy("twice")
                    .build())),
        "an unknown device");

    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        failure(
            send(
                client.signOutAllDevices(),
                CARE,
                SignOutAllDevicesRequest.newBuilder().setAccountId(account).build())));
    var signedOut =
        care(
            client.signOutAllDevices(),
            SignOutAllDevicesRequest.newBuilder()
                .setAccountId(account)
                .setWhy("compromised")
                .build());
    assertEquals(0, signedOut.getAccount().getDevicesCount());
    assertTrue(signedOut.getAccount().getActiveStreamsList().isEmpty());
    assertEquals(onTv, signedOut.getAccount().getRecentSessions(0).getSessionId());
    assertEquals(
        StopReason.STOP_REASON_REVOKED,
        signedOut.getAccount().getRecentSessions(0).getStopReason());
    assertEquals("revoked", http.heartbeat(onTv, 1, "p", 1_000).text("stopReason"));
  }

  @Test
  void onlyCareTokensMayCall() {
    String account = fresh("acc");
    String id = fresh("s");
    http.start(id, account, "p1", "tv", "title-1");
    String owner = http.tokenOf(id);
    String sre = TestTokens.get().sre("ops-1");
    String expired = TestTokens.get().expiredPlayer(account, "p1", "tv");

    record Call(String name, Function<String, CompletionStage<?>> send) {}
    List<Call> calls =
        List.of(
            new Call(
                "GetSession",
                t ->
                    send(
                        client.getSession(),
                        t,
                        GetSessionRequest.newBuilder().setSessionId(id).build())),
            new Call(
                "GetSessionTimeline",
                t ->
                    send(
                        client.getSessionTimeline(),
                        t,
                        GetSessionTimelineRequest.newBuilder().setSessionId(id).build())),
            new Call(
                "GetAccount",
                t ->
                    send(
                        client.getAccount(),
                        t,
                        GetAccountRequest.newBuilder().setAccountId(account).build())),
            new Call(
                "ChangePlan",
                t ->
                    send(
                        client.changePlan(),
                        t,
                        ChangePlanRequest.newBuilder()
                            .setAccountId(account)
                            .setPlan("standard")
                            .setWhy("matrix")
                            .build())),
            // Refused callers are refused before their input is looked at: no why here.
            new Call(
                "TerminateSession",
                t ->
                    send(
                        client.terminateSession(),
                        t,
                        TerminateSessionRequest.newBuilder().setSessionId(id).build())));

    for (Call call : calls) {
      assertEquals(
          Status.Code.UNAUTHENTICATED, failure(call.send().apply(null)), call.name() + " no token");
      assertEquals(
          Status.Code.UNAUTHENTICATED,
          failure(call.send().apply("not.a.jwt")),
          call.name() + " malformed");
      assertEquals(
          Status.Code.UNAUTHENTICATED,
          failure(call.send().apply(expired)),
          call.name() + " expired");
      assertEquals(
          Status.Code.PERMISSION_DENIED,
          failure(call.send().apply(owner)),
          call.name() + " with a player token");
      assertEquals(
          Status.Code.PERMISSION_DENIED,
          failure(call.send().apply(sre)),
          call.name() + " with an SRE token");
    }
    for (Call call : calls.subList(0, 4)) {
      join(call.send().apply(CARE)); // OK with a care token
    }
    assertEquals(
        Status.Code.INVALID_ARGUMENT,
        failure(calls.get(4).send().apply(CARE)),
        "a care token gets as far as checking the why");
    assertEquals(
        SessionState.SESSION_STATE_STARTING,
        join(send(
                client.getSession(), CARE, GetSessionRequest.newBuilder().setSessionId(id).build()))
            .getState(),
        "no refused call ended the session");
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> sessionIds(List<AccountStream> streams) {
    return streams.stream().map(AccountStream::getSessionId).toList();
  }
}
