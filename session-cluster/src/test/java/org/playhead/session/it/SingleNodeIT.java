package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.grpc.GrpcClientSettings;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.protocol.session.v1.Device;
import org.playhead.protocol.session.v1.GetSessionRequest;
import org.playhead.protocol.session.v1.Hdcp;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.protocol.session.v1.PlaybackServiceClient;
import org.playhead.protocol.session.v1.PlayerCommand;
import org.playhead.protocol.session.v1.PlayerState;
import org.playhead.protocol.session.v1.SessionState;
import org.playhead.protocol.session.v1.StartPlaybackRequest;
import org.playhead.protocol.session.v1.StopPlaybackRequest;
import org.playhead.protocol.session.v1.StopReason;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/** One real node against the real Cassandra: the player API over HTTP and gRPC, and bad input. */
@ExtendWith(NodeLogsOnFailure.class)
class SingleNodeIT {
  static NodeProcess node;
  static PlayerHttp http;
  static Journal journal;
  static ActorSystem<Void> clientSystem;
  static PlaybackServiceClient grpc;

  @BeforeAll
  static void startNode() throws Exception {
    // Its heartbeats come as fast as the test sends them (journal rows are counted, not budgets:
    // AbuseIT holds those), so the session's report burst is raised.
    node = NodeProcess.start("single", Map.of("playhead.session.budget.report-burst", "1000"));
    NodeLogsOnFailure.watch(node);
    http = new PlayerHttp(node.baseUrl());
    journal = new Journal();
    clientSystem =
        ActorSystem.create(
            Behaviors.empty(),
            "player",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
    grpc =
        PlaybackServiceClient.create(
            GrpcClientSettings.connectToServiceAt("127.0.0.1", node.httpPort(), clientSystem)
                .withTls(false),
            clientSystem);
  }

  @AfterAll
  static void stopNode() throws Exception {
    grpc.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    clientSystem.terminate();
    journal.close();
    node.close();
  }

  private static String newId() {
    return "it-" + UUID.randomUUID();
  }

  @Test
  void managementServesReadinessAndClusterMembership() {
    PlayerHttp management = http.at(node.managementUrl());
    var ready = management.get("/ready");
    assertEquals(200, ready.status(), "ready once Up in the cluster and serving players");
    assertEquals(200, management.get("/alive").status());
    var members = management.get("/cluster/members");
    assertEquals(200, members.status());
    assertEquals(1, members.body().path("members").size());
    assertEquals("Up", members.body().path("members").get(0).path("status").asText());
  }

  @Test
  void heartbeatsBetweenCheckpointsAddNoJournalRows() {
    String id = newId();
    assertEquals(201, http.start(id, "acc-" + id, "title-1").status());
    assertEquals(
        2, journal.rowsFor(id), "the start is one event, and its steering decision another");

    assertEquals("PLAYING", http.heartbeat(id, 1, "p", 1_000).text("state"));
    assertEquals(3, journal.rowsFor(id), "starting to play is a state change");

    for (int sn = 2; sn <= 41; sn++) {
      var answer = http.heartbeat(id, sn, "p", sn * 1_000L);
      assertEquals(200, answer.status());
      assertEquals(sn * 1_000L, answer.body().path("positionMs").asLong());
    }
    assertEquals(
        3, journal.rowsFor(id), "40 heartbeats inside the checkpoint interval write nothing");

    http.heartbeat(id, 42, "a", 42_000);
    assertEquals(4, journal.rowsFor(id), "a pause is a state change and a checkpoint");
    var stopped =
        http.postJson(
            "/v1/sessions/" + id + "/stop", "{\"reason\":\"ended\",\"playheadMs\":43000}");
    assertEquals(200, stopped.status());
    assertEquals("ENDED", stopped.text("stopReason"));
    assertEquals(43_000, stopped.body().path("positionMs").asLong());
    assertEquals(
        List.of(
            "PlaybackStarted.v1",
            "SteeringDecided.v1",
            "PlaybackStateChanged.v1",
            "PlaybackStateChanged.v1",
            "PlaybackStopped.v1"),
        journal.manifestsFor(id));
  }

  @Test
  void cmcdEventModeBodiesAreHeartbeats() {
    String id = newId();
    http.start(id, "acc-" + id, "title-1");
    String body =
        "cid=\"title-1\",e=ps,sid=\""
            + id
            + "\",sn=1,sta=p,ts=1700000000000,v=2\n"
            + "e=t,sn=2,sta=p,bl=9000,br=3000,v=2\n";
    var answer = http.post("/v1/sessions/" + id + "/heartbeats", "application/cmcd", body);
    assertEquals(200, answer.status());
    assertEquals("PLAYING", answer.text("state"));
    assertEquals(2, answer.body().path("lastSequenceNumber").asLong());
    assertEquals(3000, http.get("/v1/sessions/" + id).body().path("encodedBitrateKbps").asLong());
  }

  @Test
  void grpcCycleWithTheGeneratedClient() throws Exception {
    String id = newId();
    var player = as(TestTokens.get().player("acc-grpc-" + id, "profile-1", "phone-1"));
    var started =
        await(
            player.startPlayback(
                StartPlaybackRequest.newBuilder()
                    .setSessionId(id)
                    .setAccountId("acc-grpc-" + id)
                    .setProfileId("profile-1")
                    .setTitleId("title-9")
                    .setDevice(
                        Device.newBuilder()
                            .setDeviceId("phone-1")
                            .setDeviceType("phone")
                            .setDrmSecurityLevel(1)
                            .setHdcp(Hdcp.HDCP_NONE))
                    .build()));
    assertEquals(SessionState.SESSION_STATE_STARTING, started.getSession().getState());
    assertEquals(90, started.getLeaseTtlSeconds());

    var ack = await(player.heartbeat(heartbeat(id, 1, PlayerState.PLAYER_STATE_PLAYING, 2_000)));
    assertTrue(ack.getApplied());
    assertEquals(SessionState.SESSION_STATE_PLAYING, ack.getState());
    var duplicate =
        await(player.heartbeat(heartbeat(id, 1, PlayerState.PLAYER_STATE_PAUSED, 9_000)));
    assertFalse(duplicate.getApplied());
    assertEquals(2_000, duplicate.getPositionMs());

    var session = await(player.getSession(GetSessionRequest.newBuilder().setSessionId(id).build()));
    assertEquals("title-9", session.getTitleId());
    assertEquals(2_000, session.getPositionMs());

    var stopped =
        await(
            player.stopPlayback(
                StopPlaybackRequest.newBuilder()
                    .setSessionId(id)
                    .setReason(StopReason.STOP_REASON_USER)
                    .setPlayheadMs(3_000)
                    .build()));
    assertEquals(SessionState.SESSION_STATE_STOPPED, stopped.getSession().getState());
    assertEquals(StopReason.STOP_REASON_USER, stopped.getSession().getStopReason());
  }

  @Test
  void heartbeatStreamAcksEachHeartbeatAndSendsStopWhenTheSessionEnds() throws Exception {
    String id = newId();
    http.start(id, "acc-" + id, "title-1");
    Pair<BoundedSourceQueue<HeartbeatRequest>, Source<HeartbeatRequest, org.apache.pekko.NotUsed>>
        in = Source.<HeartbeatRequest>queue(16).preMaterialize(clientSystem);
    CompletionStage<List<PlayerCommand>> out =
        as(http.tokenOf(id)).streamHeartbeats(in.second()).runWith(Sink.seq(), clientSystem);

    in.first().offer(heartbeat(id, 1, PlayerState.PLAYER_STATE_PLAYING, 1_000));
    in.first().offer(heartbeat(id, 2, PlayerState.PLAYER_STATE_PLAYING, 2_000));
    // A bad heartbeat is refused on the stream without closing it.
    in.first().offer(heartbeat(id, -7, PlayerState.PLAYER_STATE_PLAYING, 2_000));
    awaitAssert(
        () ->
            assertEquals(2_000, http.get("/v1/sessions/" + id).body().path("positionMs").asLong()));
    // Care ends the session; the open stream is told at once, without another heartbeat.
    assertEquals(
        200,
        http.post(
                "/v1/care/sessions/" + id + "/terminate",
                "application/json",
                "{\"why\":\"stream test\"}",
                TestTokens.get().care("agent-1"))
            .status());

    List<PlayerCommand> commands = out.toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertEquals(4, commands.size(), commands.toString());
    assertTrue(commands.get(0).hasHeartbeatAck());
    assertTrue(commands.get(1).hasHeartbeatAck());
    assertEquals("INVALID_ARGUMENT", commands.get(2).getRejected().getCode());
    assertEquals(StopReason.STOP_REASON_REVOKED, commands.get(3).getStop().getReason());
    // The server ended the stream after the stop, which also closed the request side.
  }

  @Test
  void badHttpInputGetsAProblemAndChangesNothing() {
    String id = newId();
    http.start(id, "acc-" + id, "title-1");
    http.heartbeat(id, 1, "p", 1_000);
    long rows = journal.rowsFor(id);
    String hb = "/v1/sessions/" + id + "/heartbeats";

    expectProblem(400, "malformed-json", http.postJson(hb, "{\"sn\": 2,"));
    expectProblem(400, "malformed-json", http.postJson(hb, "[1,2]"));
    expectProblem(400, "invalid-request", http.postJson(hb, "{\"sta\":\"p\"}")); // no sn
    expectProblem(400, "invalid-request", http.postJson(hb, "{\"sn\":\"two\"}"));
    expectProblem(400, "invalid-request", http.postJson(hb, "{\"sn\":2,\"pt\":-1}"));
    expectProblem(400, "invalid-request", http.postJson(hb, "{\"sn\":2,\"sta\":\"x\"}"));
    expectProblem(400, "invalid-request", http.postJson(hb, "{\"sn\":2,\"bl\":99999999999}"));
    expectProblem(400, "invalid-request", http.postJson(hb, "{\"sn\":2,\"sid\":\"someone-else\"}"));
    expectProblem(400, "malformed-cmcd", http.post(hb, "application/cmcd", "sn=2,sta=\"p"));
    expectProblem(400, "malformed-cmcd", http.post(hb, "application/cmcd", "sn=-2"));
    expectProblem(
        413, "body-too-large", http.postJson(hb, "{\"x\":\"" + "a".repeat(70_000) + "\"}"));
    expectProblem(415, "unsupported-media-type", http.post(hb, "text/plain", "sn=2"));
    String token = http.tokenOf(id);
    expectProblem(
        404,
        "session-not-found",
        http.post(
            "/v1/sessions/never-started-" + id + "/heartbeats",
            "application/json",
            "{\"sn\":1}",
            token));
    expectProblem(400, "invalid-request", http.get("/v1/sessions/" + "x".repeat(65), token));
    expectProblem(405, "method-not-allowed", http.method("DELETE", "/v1/sessions/" + id));
    expectProblem(404, "not-found", http.get("/v1/nowhere"));
    expectProblem(
        400,
        "invalid-request",
        http.post(
            "/v1/sessions", "application/json", "{\"device\":{\"drmSecurityLevel\":7}}", token));
    expectProblem(409, "session-conflict", http.start(id, "acc-" + id, "another-title"));
    expectProblem(
        400,
        "invalid-request",
        http.postJson("/v1/sessions/" + id + "/stop", "{\"reason\":\"revoked\"}"));

    assertEquals(rows, journal.rowsFor(id), "no bad request wrote anything");
    var session = http.get("/v1/sessions/" + id).body();
    assertEquals("PLAYING", session.path("state").asText());
    assertEquals(1, session.path("lastSequenceNumber").asLong());

    http.postJson("/v1/sessions/" + id + "/stop", "{}");
    var late = http.heartbeat(id, 5, "p", 5_000);
    expectProblem(409, "session-ended", late);
    assertEquals("user", late.text("stopReason"));
    expectProblem(409, "session-ended", http.start(id, "acc-" + id, "title-1"));
  }

  @Test
  void badGrpcInputGetsTheMatchingStatus() throws Exception {
    String id = newId();
    var player = as(TestTokens.get().player("acc-" + id, "profile-1", "tv-1"));
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        player.startPlayback(StartPlaybackRequest.newBuilder().setTitleId("bad title").build()));
    assertStatus(
        Status.Code.NOT_FOUND,
        player.getSession(GetSessionRequest.newBuilder().setSessionId(id).build()));
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        player.getSession(GetSessionRequest.newBuilder().setSessionId("").build()));
    assertStatus(
        Status.Code.NOT_FOUND,
        player.heartbeat(heartbeat(id, 1, PlayerState.PLAYER_STATE_PLAYING, 0)));

    http.start(id, "acc-" + id, "title-1");
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        player.heartbeat(heartbeat(id, -1, PlayerState.PLAYER_STATE_PLAYING, 0)));
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        player.heartbeat(
            heartbeat(id, 1, PlayerState.PLAYER_STATE_PLAYING, 0).toBuilder()
                .setPlayheadMs(-5)
                .build()));
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        player.stopPlayback(
            StopPlaybackRequest.newBuilder()
                .setSessionId(id)
                .setReason(StopReason.STOP_REASON_EVICTED)
                .build()));
    assertStatus(
        Status.Code.ALREADY_EXISTS,
        player.startPlayback(
            StartPlaybackRequest.newBuilder()
                .setSessionId(id)
                .setTitleId("another-title")
                .build()));
    assertStatus(
        Status.Code.PERMISSION_DENIED,
        player.startPlayback(
            StartPlaybackRequest.newBuilder()
                .setSessionId(newId())
                .setAccountId("someone-else")
                .setTitleId("t")
                .build()));
    assertStatus(
        Status.Code.UNAUTHENTICATED,
        as(null).heartbeat(heartbeat(id, 3, PlayerState.PLAYER_STATE_PLAYING, 0)));
    assertStatus(
        Status.Code.PERMISSION_DENIED,
        as(TestTokens.get().player("acc-" + id, "profile-1", "another-device"))
            .heartbeat(heartbeat(id, 3, PlayerState.PLAYER_STATE_PLAYING, 0)));
    await(player.stopPlayback(StopPlaybackRequest.newBuilder().setSessionId(id).build()));
    assertStatus(
        Status.Code.FAILED_PRECONDITION,
        player.heartbeat(heartbeat(id, 9, PlayerState.PLAYER_STATE_PLAYING, 0)));
  }

  @Test
  void everyRoleAgainstEveryGrpcPlayerMethod() throws Exception {
    String id = newId();
    http.start(id, "acc-" + id, "title-1");
    String owner = http.tokenOf(id);
    record Refusal(String who, String token, Status.Code code, boolean alsoForStart) {}
    List<Refusal> refusals =
        List.of(
            new Refusal("no token", null, Status.Code.UNAUTHENTICATED, true),
            new Refusal("malformed", "not.a.jwt", Status.Code.UNAUTHENTICATED, true),
            new Refusal(
                "expired",
                TestTokens.get().expiredPlayer("acc-" + id, "profile-1", "tv-1"),
                Status.Code.UNAUTHENTICATED,
                true),
            new Refusal(
                "care", TestTokens.get().care("agent-1"), Status.Code.PERMISSION_DENIED, true),
            new Refusal("sre", TestTokens.get().sre("ops-1"), Status.Code.PERMISSION_DENIED, true),
            new Refusal(
                "another device",
                TestTokens.get().player("acc-" + id, "profile-1", "phone-9"),
                Status.Code.PERMISSION_DENIED,
                false));
    for (Refusal r : refusals) {
      var client = as(r.token());
      assertStatus(
          r.code(), client.getSession(GetSessionRequest.newBuilder().setSessionId(id).build()));
      assertStatus(
          r.code(), client.heartbeat(heartbeat(id, 2, PlayerState.PLAYER_STATE_PAUSED, 5)));
      assertStatus(
          r.code(), client.stopPlayback(StopPlaybackRequest.newBuilder().setSessionId(id).build()));
      if (r.alsoForStart()) {
        assertStatus(
            r.code(),
            client.startPlayback(
                StartPlaybackRequest.newBuilder().setSessionId(newId()).setTitleId("t").build()));
      }
      // A stream either refuses to open or refuses each heartbeat; it never applies one.
      try {
        List<PlayerCommand> out =
            client
                .streamHeartbeats(
                    Source.single(heartbeat(id, 2, PlayerState.PLAYER_STATE_PAUSED, 5)))
                .runWith(Sink.seq(), clientSystem)
                .toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
        assertTrue(out.stream().noneMatch(PlayerCommand::hasHeartbeatAck), r.who() + ": " + out);
      } catch (ExecutionException refused) {
        assertEquals(r.code(), Status.fromThrowable(refused.getCause()).getCode(), r.who());
      }
    }
    var session =
        await(as(owner).getSession(GetSessionRequest.newBuilder().setSessionId(id).build()));
    assertEquals(SessionState.SESSION_STATE_STARTING, session.getState(), "nothing was applied");
    assertEquals(-1, session.getLastSequenceNumber());
  }

  @Test
  void malformedOrOversizeProtobufIsAClientError() {
    // With a valid token: a call without one is refused before its message is read at all.
    io.grpc.Metadata credentials = new io.grpc.Metadata();
    credentials.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        TestTokens.bearer(TestTokens.get().player("acc-protobuf", "profile-1", "tv-1")));
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", node.httpPort())
            .usePlaintext()
            .intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(credentials))
            .build();
    try {
      MethodDescriptor.Marshaller<byte[]> raw =
          new MethodDescriptor.Marshaller<>() {
            @Override
            public java.io.InputStream stream(byte[] value) {
              return new java.io.ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(java.io.InputStream stream) {
              try {
                return stream.readAllBytes();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          };
      MethodDescriptor<byte[], byte[]> heartbeatMethod =
          MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName("playhead.session.v1.PlaybackService/Heartbeat")
              .setRequestMarshaller(raw)
              .setResponseMarshaller(raw)
              .build();
      CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS);
      // Field 1 claims 255 bytes and the message ends after one.
      byte[] truncated = {0x0a, (byte) 0xff, 0x01, 0x61};
      var malformed =
          assertThrows(
              StatusRuntimeException.class,
              () -> ClientCalls.blockingUnaryCall(channel, heartbeatMethod, options, truncated));
      assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());

      var oversize =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  ClientCalls.blockingUnaryCall(
                      channel, heartbeatMethod, options, new byte[200_000]));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, oversize.getStatus().getCode());
    } finally {
      channel.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------

  static AuthorizedPlayback as(String token) {
    return new AuthorizedPlayback(grpc, token);
  }

  static HeartbeatRequest heartbeat(String id, long sn, PlayerState state, long playheadMs) {
    return HeartbeatRequest.newBuilder()
        .setSessionId(id)
        .setSequenceNumber(sn)
        .setPlayerState(state)
        .setPlayheadMs(playheadMs)
        .setEncodedBitrateKbps(4_500)
        .setPathway("cdn-b")
        .build();
  }

  private static void expectProblem(int status, String type, PlayerHttp.Answer answer) {
    assertEquals(status, answer.status(), answer.body().toString());
    assertEquals("application/problem+json", answer.contentType());
    assertTrue(answer.text("type").endsWith("/" + type), answer.body().toString());
    assertEquals(status, answer.body().path("status").asInt());
    assertFalse(answer.text("detail").isEmpty());
  }

  private static void assertStatus(Status.Code code, CompletionStage<?> call) {
    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> call.toCompletableFuture().get(15, TimeUnit.SECONDS));
    Status status = Status.fromThrowable(failure.getCause());
    assertEquals(code, status.getCode(), String.valueOf(status.getDescription()));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  static void awaitAssert(Runnable assertion) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        // Poll interval, as Pekko's own awaitAssert does.
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
  }
}
