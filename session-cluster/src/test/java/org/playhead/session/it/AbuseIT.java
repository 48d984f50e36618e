package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.protocol.session.v1.HeartbeatResponse;
import org.playhead.protocol.session.v1.PlayerState;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * A hostile client against a real node over the wire (issue 12): every attack the issue found and
 * its neighbours. After each, the node is still ready, its heap and journal writes stay within
 * budget, and an honest player heartbeating all along was answered every time.
 */
@ExtendWith(NodeLogsOnFailure.class)
class AbuseIT {
  static NodeProcess node;
  static PlayerHttp http;
  static ActorSystem grpcClient;
  static final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The honest player: one session, a heartbeat every 600 ms while each attack runs. */
  static String honestSession;

  static final AtomicLong honestSn = new AtomicLong();
  private ScheduledExecutorService honest;
  private final List<String> honestFailures = new CopyOnWriteArrayList<>();
  private final AtomicInteger honestAnswered = new AtomicInteger();

  @BeforeAll
  static void startNode() throws Exception {
    node = NodeProcess.start("abuse", Map.of());
    NodeLogsOnFailure.watch(node);
    http = new PlayerHttp(node.baseUrl());
    // Not the node's application.conf (a cluster member that exits the JVM on shutdown).
    grpcClient =
        ActorSystem.create(
            "abuse-grpc-client",
            com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(com.typesafe.config.ConfigFactory.defaultReference()));
    honestSession = UUID.randomUUID().toString();
    PlayerHttp.Answer started = http.start(honestSession, "acc-honest-" + honestSession, "title-1");
    assertEquals(201, started.status(), started.body().toString());
  }

  @AfterAll
  static void stopNode() throws Exception {
    grpcClient.terminate();
    node.close();
  }

  @BeforeEach
  void honestPlayerHeartbeats() throws Exception {
    honest = Executors.newSingleThreadScheduledExecutor();
    honest.scheduleAtFixedRate(
        () -> {
          PlayerHttp.Answer a = http.heartbeat(honestSession, honestSn.incrementAndGet(), "p", 0);
          if (a.status() == 200) {
            honestAnswered.incrementAndGet();
          } else {
            honestFailures.add(a.status() + " " + a.body());
          }
        },
        0,
        600,
        TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void nodeStaysHealthy() throws Exception {
    honest.shutdown();
    assertTrue(honest.awaitTermination(20, TimeUnit.SECONDS));
    assertTrue(honestFailures.isEmpty(), "the honest player was refused: " + honestFailures);
    assertTrue(honestAnswered.get() > 0, "the honest player was answered");
    assertEquals(200, status(node.managementUrl() + "/ready"), "the node stays ready");
    double heap = metric("jvm_memory_used_bytes", "area=\"heap\"");
    assertTrue(heap < 450e6, "heap used " + heap + " of a 512 MB heap");
  }

  // --- the attacks of the issue --------------------------------------------------------------

  @Test
  void gzipBombsAreRefusedBeforeAnyTokenAndBoundedAfterOne() throws Exception {
    // 60 MB of zeros, gzipped to about 60 KB: under the size limit on the wire.
    byte[] bomb = gzip(new byte[60 * 1024 * 1024]);
    assertTrue(bomb.length < 65_536, "compressed " + bomb.length);
    String path = "/playhead.session.v1.PlaybackService/StartPlayback";
    for (int i = 0; i < 30; i++) {
      assertEquals("16", grpc(path, "gzip", null, frame(true, bomb)).get("grpc-status"));
    }
    // With a valid token the bomb is inflated into a bounded buffer and refused.
    String token = TestTokens.get().player("acc-bomb", "profile-1", "tv-1");
    for (int i = 0; i < 10; i++) {
      assertEquals("8", grpc(path, "gzip", token, frame(true, bomb)).get("grpc-status"));
    }
    // An encoding the node does not support: UNIMPLEMENTED, and what it accepts.
    Map<String, String> snappy = grpc(path, "snappy", token, frame(true, bomb));
    assertEquals("12", snappy.get("grpc-status"));
    assertEquals("gzip,deflate,identity", snappy.get("grpc-accept-encoding"));
  }

  @Test
  void anHonestGzippedHeartbeatIsStillAnswered() throws Exception {
    HeartbeatRequest request =
        HeartbeatRequest.newBuilder()
            .setSessionId(honestSession)
            .setSequenceNumber(honestSn.addAndGet(1_000))
            .setPlayerState(PlayerState.PLAYER_STATE_PLAYING)
            .setPlayheadMs(5_000)
            .build();
    GrpcAnswer answer =
        grpcCall(
            "/playhead.session.v1.PlaybackService/Heartbeat",
            "gzip",
            http.tokenOf(honestSession),
            frame(true, gzip(request.toByteArray())));
    assertTrue(answer.body().length > 5, "a message came back: " + answer.headers());
    HeartbeatResponse response =
        HeartbeatResponse.parseFrom(ByteBuffer.wrap(answer.body(), 5, answer.body().length - 5));
    assertEquals(honestSession, response.getSessionId());
  }

  @Test
  void malleableTokensAreRefusedAndCannotFillTheCache() {
    String session = UUID.randomUUID().toString();
    assertEquals(201, http.start(session, "acc-" + session, "title-1").status());
    String token = http.tokenOf(session);
    for (String variant :
        List.of(token + "~~~", token + "=", token + "%", token.replace('.', '~'))) {
      PlayerHttp.Answer a = http.get("/v1/sessions/" + session, variant);
      assertEquals(401, a.status(), variant);
      assertTrue(a.text("type").endsWith("/token-malformed"), a.body().toString());
    }
    for (int i = 0; i < 2_000; i++) {
      assertEquals(
          401, http.get("/v1/sessions/" + session, token + "~".repeat(i % 50 + 1)).status());
    }
    assertEquals(200, http.get("/v1/sessions/" + session, token).status());
  }

  @Test
  void cmcdRequestsTogglingPauseAndPlayCostAFewWritesNotTwoHundredEach() throws Exception {
    String session = UUID.randomUUID().toString();
    assertEquals(201, http.start(session, "acc-" + session, "title-1").status());
    double before = metric("playhead_journal_writes_seconds_count");
    // One body of 100 lines is one command: applied in memory, at most one state-change write
    // (and its bookmark), answered line by line.
    PlayerHttp.Answer answer =
        http.post("/v1/sessions/" + session + "/heartbeats", "application/cmcd", toggling(1));
    assertEquals(200, answer.status(), answer.body().toString());
    SreHttp.await(
        Duration.ofSeconds(10),
        "the batch's write is counted",
        () -> metricQuietly("playhead_journal_writes_seconds_count") - before >= 1);
    double one = metric("playhead_journal_writes_seconds_count") - before;
    assertTrue(one <= 2, one + " journal writes for one batch (198 before batches)");
    // Twenty more at once: the session's report budget refuses most (429), its write budget
    // bounds what the rest may write.
    int refused = 0;
    for (int i = 1; i <= 20; i++) {
      int status =
          http.post(
                  "/v1/sessions/" + session + "/heartbeats",
                  "application/cmcd",
                  toggling(i * 100 + 1))
              .status();
      assertTrue(status == 200 || status == 429, "status " + status);
      refused += status == 429 ? 1 : 0;
    }
    assertTrue(refused >= 5, refused + " of 20 refused");
    double writes = metric("playhead_journal_writes_seconds_count") - before;
    assertTrue(writes <= 12, writes + " journal writes for 21 batches of 100 toggles");
  }

  /** 100 CMCD lines from sequence number {@code first}, alternating playing and paused. */
  private static String toggling(int first) {
    StringBuilder body = new StringBuilder();
    for (int sn = first; sn < first + 100; sn++) {
      body.append("e=ps,sn=").append(sn).append(",sta=").append(sn % 2 == 0 ? "a" : "p");
      body.append(",v=2\n");
    }
    return body.toString();
  }

  @Test
  void aHeartbeatFloodIsToldToComeBackLater() throws Exception {
    String session = UUID.randomUUID().toString();
    assertEquals(201, http.start(session, "acc-" + session, "title-1").status());
    int refused = 0;
    for (int sn = 1; sn <= 40; sn++) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(node.baseUrl() + "/v1/sessions/" + session + "/heartbeats"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", TestTokens.bearer(http.tokenOf(session)))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"sn\":" + sn + ",\"sta\":\"p\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429) {
        refused++;
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
      } else {
        assertEquals(200, r.statusCode(), r.body());
      }
    }
    assertTrue(refused >= 20, refused + " of 40 refused");
  }

  /** Two healthy caches: one serves loopback, the other the address a client might forge. */
  record Net(String loopback, String forged) {}

  private static Net loadNetwork(SreHttp sre) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Net net = new Net("emb-" + suffix, "far-" + suffix);
    String text =
        """
        origin origin-%1$s http://127.0.0.1:9/
        cache %2$s site=lhr tier=embedded capacity-gbps=100 url=http://127.0.0.1:10/
        cache %3$s site=sfo tier=embedded capacity-gbps=100 url=http://127.0.0.1:11/
        prefix %2$s 127.0.0.0/8 ::1/128
        prefix %3$s 81.2.69.0/24
        """
            .formatted(suffix, net.loopback(), net.forged());
    assertEquals(200, sre.put("/v1/sre/steering/network", "text/plain", text).status());
    for (String cache : List.of(net.loopback(), net.forged())) {
      assertEquals(
          202,
          sre.post(
                  "/v1/sre/steering/caches/" + cache + "/reports",
                  "{\"healthy\": true, \"loadPercent\": 30, \"fullCatalog\": true}")
              .status());
    }
    try {
      SreHttp.await(
          Duration.ofSeconds(10),
          "the caches' reports reach decisions",
          () ->
              firstChoice(sre, "127.0.0.1").equals(net.loopback())
                  && firstChoice(sre, "81.2.69.160").equals(net.forged()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return net;
  }

  @Test
  void oneSessionCannotTakeACacheAwayFromEveryone() throws Exception {
    SreHttp sre = new SreHttp(node.baseUrl(), TestTokens.get().sre("oncall-1"));
    String cache = loadNetwork(sre).loopback();
    String hostile = UUID.randomUUID().toString();
    assertEquals(201, http.start(hostile, "acc-" + hostile, "title-1").status());
    for (int sn = 1; sn <= 10; sn++) {
      http.postJson(
          "/v1/sessions/" + hostile + "/heartbeats",
          "{\"sn\":"
              + sn
              + ",\"sta\":\"r\",\"e\":\"e\",\"ec\":[\"500\"],\"pathway\":\""
              + cache
              + "\"}");
    }
    // Its reports arrive (counted twice at most), and the cache stays eligible for everyone.
    SreHttp.await(
        Duration.ofSeconds(10),
        "the reports are counted",
        () -> {
          JsonNode c = cacheJson(sre, cache);
          return c != null && c.path("recentPlayerFailures").asInt() == 2;
        });
    assertEquals("eligible", cacheJson(sre, cache).path("status").asText());
  }

  @Test
  void aForgedForwardedForDoesNotChooseTheCaches() throws Exception {
    Net net = loadNetwork(new SreHttp(node.baseUrl(), TestTokens.get().sre("oncall-1")));
    String session = UUID.randomUUID().toString();
    String token = TestTokens.get().player("acc-" + session, "profile-1", "tv-1");
    HttpResponse<String> r = startWith(session, token, "X-Forwarded-For", "81.2.69.160");
    assertEquals(201, r.statusCode(), r.body());
    // Steering decided by the connection (loopback), not by the address the client claimed.
    assertTrue(r.body().contains(net.loopback()), r.body());
    assertFalse(r.body().contains(net.forged()), r.body());
  }

  @Test
  void aSignedOutAccountsEarlierTokenStartsNothing() throws Exception {
    String account = "acc-signout-" + UUID.randomUUID();
    String stolen = TestTokens.get().player(account, "profile-1", "tv-1");
    String session = UUID.randomUUID().toString();
    assertEquals(
        201, http.post("/v1/sessions", "application/json", startBody(session), stolen).status());
    PlayerHttp.Answer signedOut =
        http.post(
            "/v1/care/accounts/" + account + "/sign-out",
            "application/json",
            "{\"why\": \"account compromised\"}",
            TestTokens.get().care("agent-1"));
    assertEquals(200, signedOut.status(), signedOut.body().toString());
    PlayerHttp.Answer again =
        http.post(
            "/v1/sessions", "application/json", startBody(UUID.randomUUID().toString()), stolen);
    assertEquals(401, again.status(), again.body().toString());
    assertTrue(again.text("type").endsWith("/token-revoked"), again.body().toString());
  }

  // --- the neighbours -------------------------------------------------------------------------

  @Test
  void oversizedHeadersAreRefused() throws Exception {
    String response =
        raw(
            "GET /v1/sessions/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "a".repeat(20_000)
                + "\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 4"), response.lines().findFirst().orElse(""));
  }

  @Test
  void manyIdleConnectionsDoNotStopTheOthers() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        idle.add(new Socket("127.0.0.1", node.httpPort()));
      }
      PlayerHttp.Answer a = http.heartbeat(honestSession, honestSn.incrementAndGet(), "p", 0);
      assertEquals(200, a.status(), a.body().toString());
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  @Test
  void deeplyNestedJsonIsABadRequest() {
    String session = UUID.randomUUID().toString();
    assertEquals(201, http.start(session, "acc-" + session, "title-1").status());
    String nested = "{\"sn\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
    PlayerHttp.Answer a = http.postJson("/v1/sessions/" + session + "/heartbeats", nested);
    assertEquals(400, a.status(), a.body().toString());
    assertEquals(
        400, http.post("/v1/sessions", "application/json", "[".repeat(30_000), token()).status());
  }

  @Test
  void oddUnicodeInIdsIsABadRequest() {
    for (String id :
        List.of("s\u202Eevil", "s\u0000x", "\uD83D\uDE00\uD83D\uDE00", "s%00", "\uFEFFs", "é")) {
      PlayerHttp.Answer a =
          http.post("/v1/sessions", "application/json", startBody(jsonEscape(id)), token());
      assertEquals(400, a.status(), id + ": " + a.body());
    }
    PlayerHttp.Answer path = http.get("/v1/sessions/%E2%80%AEevil", token());
    assertTrue(path.status() == 400 || path.status() == 404, path.body().toString());
  }

  @Test
  void aFloodOfNewSessionIdsIsAnsweredAndRateLimited() {
    String token = token();
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      assertEquals(
          404,
          http.post(
                  "/v1/sessions/" + UUID.randomUUID() + "/heartbeats",
                  "application/json",
                  "{\"sn\":1}",
                  token)
              .status());
    }
    for (int i = 0; i < 40; i++) {
      int status =
          http.post(
                  "/v1/sessions",
                  "application/json",
                  startBody(UUID.randomUUID().toString()),
                  token)
              .status();
      refused += status == 429 ? 1 : 0;
    }
    assertTrue(refused >= 30, refused + " of 40 starts refused by the start limits");
  }

  @Test
  void compressedHttpBodiesAreUnsupportedMediaEncodings() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/sessions"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Authorization", TestTokens.bearer(token()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(new byte[1_000_000])))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(415, r.statusCode(), r.body());
    assertEquals("identity", r.headers().firstValue("Accept-Encoding").orElse(""));
  }

  // --- helpers --------------------------------------------------------------------------------

  private static String token() {
    return TestTokens.get().player("acc-flood", "profile-1", "tv-1");
  }

  private static String startBody(String sessionId) {
    return """
        {"sessionId":"%s","titleId":"title-1",
         "device":{"deviceType":"tv","drmSecurityLevel":3,"hdcp":"V2_2"}}
        """
        .formatted(sessionId);
  }

  private static String jsonEscape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  private static HttpResponse<String> startWith(
      String session, String token, String header, String value) {
    try {
      return client.send(
          HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/sessions"))
              .header("Content-Type", "application/json")
              .header("Authorization", TestTokens.bearer(token))
              .header(header, value)
              .POST(HttpRequest.BodyPublishers.ofString(startBody(session)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The pathway a client at {@code address} is steered to first. Not merely a candidate: the
   * explanation lists a cache before its health report has reached the decisions.
   */
  private static String firstChoice(SreHttp sre, String address) {
    return sre.get("/v1/sre/steering/decide?address=" + address + "&titleId=title-1")
        .json()
        .path("answer")
        .path("choices")
        .path(0)
        .path("pathway")
        .asText();
  }

  private static JsonNode cacheJson(SreHttp sre, String cacheId) {
    for (JsonNode c : sre.get("/v1/sre/steering/caches").json()) {
      if (c.path("id").asText().equals(cacheId)) {
        return c;
      }
    }
    return null;
  }

  record GrpcAnswer(Map<String, String> headers, byte[] body) {}

  private static Map<String, String> grpc(String path, String encoding, String token, byte[] body)
      throws Exception {
    return grpcCall(path, encoding, token, body).headers();
  }

  /** One gRPC call as raw HTTP/2 (prior knowledge): any encoding, any bytes. */
  private static GrpcAnswer grpcCall(String path, String encoding, String token, byte[] body)
      throws Exception {
    ContentType grpc = ContentTypes.create(MediaTypes.applicationBinary("grpc", false));
    var request =
        org.apache.pekko.http.javadsl.model.HttpRequest.POST(path)
            .withEntity(HttpEntities.create(grpc, body))
            .addHeader(RawHeader.create("grpc-encoding", encoding));
    if (token != null) {
      request = request.addHeader(RawHeader.create("authorization", TestTokens.bearer(token)));
    }
    Materializer materializer = Materializer.matFromSystem(grpcClient);
    var response =
        Source.single(request)
            .via(
                Http.get(grpcClient)
                    .connectionTo("127.0.0.1")
                    .toPort(node.httpPort())
                    .http2WithPriorKnowledge())
            .runWith(Sink.head(), materializer)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    byte[] bytes =
        response
            .entity()
            .toStrict(20_000, materializer)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS)
            .getData()
            .toArray();
    Map<String, String> headers = new java.util.HashMap<>();
    for (HttpHeader h : response.getHeaders()) {
      headers.put(h.lowercaseName(), h.value());
    }
    return new GrpcAnswer(headers, bytes);
  }

  private static byte[] frame(boolean compressed, byte[] message) {
    ByteBuffer buffer = ByteBuffer.allocate(5 + message.length);
    buffer.put((byte) (compressed ? 1 : 0)).putInt(message.length).put(message);
    return buffer.array();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  /** A raw HTTP/1.1 exchange: what the node answers first, as text. */
  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int read = in.read(buffer);
      return read <= 0 ? "" : new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
    }
  }

  private static int status(String url) throws Exception {
    return client
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static double metric(String name) throws Exception {
    return metric(name, "");
  }

  private static double metricQuietly(String name) {
    try {
      return metric(name);
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  /** The sum of a Prometheus metric's samples whose labels contain {@code labelMatch}. */
  private static double metric(String name, String labelMatch) throws Exception {
    String text =
        client
            .send(
                HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : text.lines().toList()) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        if (line.contains(labelMatch)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum;
  }
}
