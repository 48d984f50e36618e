package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.playhead.session.it.SingleNodeIT.awaitAssert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import com.nimbusds.jose.jwk.ECKey;
import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.grpc.GrpcClientSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.license.format.DeviceKeyWrapper;
import org.playhead.license.format.LicenseSigner;
import org.playhead.protocol.license.v1.GetVerificationKeyRequest;
import org.playhead.protocol.license.v1.Hdcp;
import org.playhead.protocol.license.v1.License;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseResponse;
import org.playhead.protocol.license.v1.LicenseServiceClient;
import org.playhead.protocol.license.v1.LicenseStyle;
import org.playhead.protocol.license.v1.LicenseType;
import org.playhead.protocol.license.v1.RequestType;
import org.playhead.protocol.license.v1.TrackType;
import org.playhead.protocol.license.v1.VerificationKey;
import org.playhead.protocol.session.v1.Device;
import org.playhead.protocol.session.v1.PlaybackServiceClient;
import org.playhead.protocol.session.v1.StartPlaybackRequest;
import org.playhead.protocol.session.v1.StartPlaybackResponse;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * Licenses on a real node against the real Cassandra: the packager's content keys, Clear Key (with
 * CORS) and Widevine-style licenses over HTTP and gRPC to a certified device, renewals with the
 * renewal token, every refusal with its reason, no license after a stop, an eviction or a care
 * termination, and the audit in the care timeline. DeviceCertificateIT goes through every way a
 * device certificate proves less.
 */
@ExtendWith(NodeLogsOnFailure.class)
class LicenseIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static NodeProcess node;
  static PlayerHttp http;
  static ActorSystem<Void> clientSystem;
  static LicenseServiceClient licenses;
  static PlaybackServiceClient playback;
  static final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  static KeyPair device;
  static final DeviceChains chains = new DeviceChains();

  @BeforeAll
  static void start() throws Exception {
    node = NodeProcess.start("license", chains.nodeSettings());
    NodeLogsOnFailure.watch(node);
    http = new PlayerHttp(node.baseUrl());
    clientSystem =
        ActorSystem.create(
            Behaviors.empty(),
            "license-client",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
    GrpcClientSettings grpc =
        GrpcClientSettings.connectToServiceAt("127.0.0.1", node.httpPort(), clientSystem)
            .withTls(false);
    licenses = LicenseServiceClient.create(grpc, clientSystem);
    playback = PlaybackServiceClient.create(grpc, clientSystem);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    device = rsa.generateKeyPair();
  }

  @AfterAll
  static void stop() throws Exception {
    licenses.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    playback.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    clientSystem.terminate();
    node.close();
  }

  // --- helpers -----------------------------------------------------------------------------------

  record Answer(int status, HttpResponse<String> raw, JsonNode body) {
    String reason() {
      return body.path("reason").asText();
    }
  }

  static Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r =
        client.send(
            request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new Answer(r.statusCode(), r, body);
  }

  static String sre() {
    return TestTokens.get().sre("sre-" + UUID.randomUUID());
  }

  static String packager() {
    return TestTokens.get().packager("packager-" + UUID.randomUUID());
  }

  /** Title's keys from the packager's endpoint: track type to {kid hex, key hex}. */
  static Map<String, String[]> contentKeys(String titleId, String... types) throws Exception {
    String body =
        "{\"trackTypes\":["
            + String.join(",", java.util.Arrays.stream(types).map(t -> "\"" + t + "\"").toList())
            + "]}";
    Answer a =
        send(
            HttpRequest.newBuilder(
                    URI.create(node.baseUrl() + "/v1/titles/" + titleId + "/content-keys"))
                .header("Authorization", "Bearer " + packager())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(200, a.status(), a.body().toString());
    assertEquals(titleId, a.body().path("titleId").asText());
    Map<String, String[]> out = new LinkedHashMap<>();
    for (JsonNode k : a.body().path("keys")) {
      out.put(
          k.path("trackType").asText(),
          new String[] {k.path("kid").asText(), k.path("key").asText()});
    }
    return out;
  }

  static String b64url(String hex) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(hex));
  }

  static Answer clearKey(String token, boolean inQuery, String... kidHex) throws Exception {
    String body =
        "{\"kids\":["
            + String.join(
                ",", java.util.Arrays.stream(kidHex).map(k -> "\"" + b64url(k) + "\"").toList())
            + "],\"type\":\"temporary\"}";
    String url = node.baseUrl() + "/v1/licenses/clearkey" + (inQuery ? "?token=" + token : "");
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Origin", "http://127.0.0.1:9999")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!inQuery && token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return send(r);
  }

  /** A request from an uncertified (software) device: its bare key, no chain. */
  static LicenseRequest.Builder software(
      String deviceId, Map<String, String[]> keys, String... types) {
    LicenseRequest.Builder r =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setRequestType(RequestType.REQUEST_TYPE_NEW)
            .setDeviceId(deviceId)
            .setDevicePublicKey(ByteString.copyFrom(device.getPublic().getEncoded()));
    for (String t : types) {
      r.addKeyIds(ByteString.copyFrom(HexFormat.of().parseHex(keys.get(t)[0])));
    }
    return r;
  }

  /** A request from the certified UHD device (level 3, HDCP 2.2): its chain, no bare key. */
  static LicenseRequest.Builder widevine(
      String deviceId, Map<String, String[]> keys, String... types) {
    return DeviceChains.withChain(
        software(deviceId, keys, types).clearDevicePublicKey(), chains.uhdDevice, chains.uhdModel);
  }

  static LicenseResponse acquire(String token, LicenseRequest request) throws Exception {
    return licenses
        .acquireLicense()
        .addHeader("authorization", "Bearer " + token)
        .invoke(request)
        .toCompletableFuture()
        .get(15, TimeUnit.SECONDS);
  }

  static Status refusal(String token, LicenseRequest request) throws Exception {
    try {
      acquire(token, request);
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause());
    }
    throw new AssertionError("expected a refusal");
  }

  static String startWithLicense(String sessionId, String account, String title) {
    var started = http.start(sessionId, account, title);
    assertEquals(201, started.status(), started.body().toString());
    JsonNode license = started.body().path("license");
    assertEquals("/v1/licenses/clearkey", license.path("clearKeyUrl").asText());
    assertFalse(license.path("expiresAt").asText().isEmpty());
    return license.path("token").asText();
  }

  // --- tests -------------------------------------------------------------------------------------

  @Test
  void clearKeyAndWidevineStyleLicensesForALiveSessionThenNoneAfterItStops() throws Exception {
    String title = "title-lic-" + UUID.randomUUID();
    Map<String, String[]> keys = contentKeys(title, "AUDIO", "SD", "HD", "UHD");
    assertEquals(List.of("AUDIO", "SD", "HD", "UHD"), new ArrayList<>(keys.keySet()));
    // The vault keeps them: the packager gets the same pairs again.
    Map<String, String[]> again = contentKeys(title, "SD", "UHD");
    assertArrayEquals(keys.get("SD"), again.get("SD"));
    assertArrayEquals(keys.get("UHD"), again.get("UHD"));

    String id = "it-" + UUID.randomUUID();
    String account = "acc-lic-" + UUID.randomUUID();
    var started = http.start(id, account, title);
    assertEquals(201, started.status(), started.body().toString());
    JsonNode grant = started.body().path("license");
    String token = grant.path("token").asText();
    // The start declared level 3 and HDCP 2.2, which proves nothing: what any device gets.
    assertEquals("[\"AUDIO\",\"SD\"]", grant.path("trackTypes").toString());

    // Clear Key: a CORS preflight, then the keys as a JWK set.
    Answer preflight =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/licenses/clearkey"))
                .header("Origin", "http://127.0.0.1:9999")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, preflight.status());
    assertEquals(
        "*", preflight.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(
        preflight
            .raw()
            .headers()
            .firstValue("Access-Control-Allow-Headers")
            .orElse("")
            .toLowerCase()
            .contains("authorization"));

    Answer ck = clearKey(token, false, keys.get("AUDIO")[0], keys.get("SD")[0]);
    assertEquals(200, ck.status(), ck.body().toString());
    assertEquals("*", ck.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertEquals("temporary", ck.body().path("type").asText());
    assertEquals(2, ck.body().path("keys").size());
    for (JsonNode jwk : ck.body().path("keys")) {
      assertEquals("oct", jwk.path("kty").asText());
      String type = jwk.path("kid").asText().equals(b64url(keys.get("AUDIO")[0])) ? "AUDIO" : "SD";
      assertEquals(b64url(keys.get(type)[0]), jwk.path("kid").asText());
      assertEquals(b64url(keys.get(type)[1]), jwk.path("k").asText());
    }
    // The token in the query works as well; Clear Key is a software CDM, so no HD key goes out.
    assertEquals(200, clearKey(token, true, keys.get("SD")[0]).status());
    Answer hd = clearKey(token, false, keys.get("HD")[0]);
    assertEquals(403, hd.status());
    assertEquals("insufficient-security-level", hd.reason());
    assertEquals("*", hd.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    Answer unknown = clearKey(token, false, "00112233445566778899aabbccddeeff");
    assertEquals(404, unknown.status());
    assertEquals("unknown-key-id", unknown.reason());
    Answer tampered =
        clearKey(token.substring(0, token.length() - 3) + "AAA", false, keys.get("SD")[0]);
    assertEquals(401, tampered.status());
    assertEquals("token-invalid", tampered.reason());
    assertEquals(401, clearKey(null, false, keys.get("SD")[0]).status());
    assertEquals("token-missing", clearKey(null, false, keys.get("SD")[0]).reason());
    Answer malformed =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/licenses/clearkey"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kids\":[\"not-a-kid\"]}")));
    assertEquals(400, malformed.status());
    assertEquals("malformed-request", malformed.reason());
    // A player or SRE token is not a license token.
    assertEquals("token-invalid", clearKey(http.tokenOf(id), false, keys.get("SD")[0]).reason());

    // Widevine-style over gRPC: every key, wrapped to the device key, signed.
    VerificationKey vk =
        licenses
            .getVerificationKey()
            .invoke(GetVerificationKeyRequest.getDefaultInstance())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    ECKey published = ECKey.parse(vk.getJwk());
    assertFalse(published.isPrivate(), "never the private key");
    Answer vkHttp =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/licenses/verification-key"))
                .GET());
    assertEquals(vk.getKeyId(), vkHttp.body().path("kid").asText());

    LicenseResponse response =
        acquire(token, widevine("tv-1", keys, "AUDIO", "SD", "HD", "UHD").build());
    assertTrue(
        LicenseSigner.verify(
            published.toECPublicKey(),
            response.getLicense().toByteArray(),
            response.getSignature().toByteArray()),
        "signed by the published key");
    License license = License.parseFrom(response.getLicense());
    assertEquals(id, license.getSessionId());
    assertEquals(4, license.getKeysCount());
    assertTrue(license.getPolicy().getCanPlay());
    assertTrue(license.getPolicy().getCanRenew());
    assertFalse(license.getPolicy().getCanPersist());
    assertEquals(600, license.getPolicy().getLicenseDurationSeconds());
    assertEquals(300, license.getPolicy().getRenewalDelaySeconds());
    assertEquals(Hdcp.HDCP_V2_2, license.getPolicy().getRequiredHdcp());
    for (var wrapped : license.getKeysList()) {
      String type = wrapped.getTrackType().name().substring("TRACK_TYPE_".length());
      assertEquals(keys.get(type)[0], HexFormat.of().formatHex(wrapped.getKeyId().toByteArray()));
      byte[] clear =
          DeviceKeyWrapper.unwrap(
              chains.uhdDevice.privateKey(), wrapped.getWrappedKey().toByteArray());
      assertEquals(keys.get(type)[1], HexFormat.of().formatHex(clear));
    }
    // A tampered license no longer verifies.
    byte[] tamperedLicense = response.getLicense().toByteArray();
    tamperedLicense[10] ^= 1;
    assertFalse(
        LicenseSigner.verify(
            published.toECPublicKey(), tamperedLicense, response.getSignature().toByteArray()));

    // A device certified for level 2 with HDCP 1.x gets HD but not UHD (withheld); PlayReady
    // style (SL2000) likewise.
    License level2 =
        License.parseFrom(
            acquire(
                    token,
                    DeviceChains.withChain(
                            software("tv-1", keys, "HD", "UHD").clearDevicePublicKey(),
                            chains.hdDevice,
                            chains.hdModel)
                        .build())
                .getLicense());
    assertEquals(
        List.of(TrackType.TRACK_TYPE_HD),
        level2.getKeysList().stream().map(k -> k.getTrackType()).toList());
    assertEquals(2000, level2.getPolicy().getPlayreadySecurityLevel());
    Status uhdOnly =
        refusal(
            token,
            DeviceChains.withChain(
                    software("tv-1", keys, "UHD")
                        .clearDevicePublicKey()
                        .setStyle(LicenseStyle.LICENSE_STYLE_PLAYREADY),
                    chains.hdDevice,
                    chains.hdModel)
                .build());
    assertEquals(Status.Code.PERMISSION_DENIED, uhdOnly.getCode());
    assertTrue(
        uhdOnly.getDescription().startsWith("insufficient-security-level"),
        uhdOnly.getDescription());

    // Refusals with their reasons.
    Status mismatch = refusal(token, widevine("phone-9", keys, "SD").build());
    assertEquals(Status.Code.PERMISSION_DENIED, mismatch.getCode());
    assertTrue(mismatch.getDescription().startsWith("device-mismatch"), mismatch.getDescription());
    Status persistent =
        refusal(
            token,
            widevine("tv-1", keys, "SD")
                .setLicenseType(LicenseType.LICENSE_TYPE_PERSISTENT)
                .build());
    assertTrue(
        persistent.getDescription().startsWith("persistence-not-allowed"),
        persistent.getDescription());
    Status noKey =
        refusal(token, software("tv-1", keys, "SD").setDevicePublicKey(ByteString.EMPTY).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, noKey.getCode());
    Status forged = refusal(token + "x", widevine("tv-1", keys, "SD").build());
    assertEquals(Status.Code.UNAUTHENTICATED, forged.getCode());

    // A renewal over HTTP JSON, with the renewal token of the last answer: policy, no keys.
    LicenseRequest renewal =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setRequestType(RequestType.REQUEST_TYPE_RENEWAL)
            .setDeviceId("tv-1")
            .build();
    Answer renewed =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/licenses"))
                .header("Authorization", "Bearer " + response.getRenewalToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(renewal))));
    assertEquals(200, renewed.status(), renewed.body().toString());
    LicenseResponse.Builder renewedResponse = LicenseResponse.newBuilder();
    JsonFormat.parser().merge(renewed.raw().body(), renewedResponse);
    License renewedLicense = License.parseFrom(renewedResponse.getLicense());
    assertTrue(renewedLicense.getRenewal());
    assertEquals(0, renewedLicense.getKeysCount());
    assertEquals(id, renewedLicense.getSessionId());

    // The session stops: nothing more, neither a license nor a renewal.
    assertEquals(200, http.postJson("/v1/sessions/" + id + "/stop", "{}").status());
    Answer afterStop = clearKey(token, false, keys.get("SD")[0]);
    assertEquals(403, afterStop.status());
    assertEquals("session-not-live", afterStop.reason());
    assertTrue(
        afterStop.body().path("detail").asText().contains("user"), afterStop.body().toString());
    Status renewAfterStop = refusal(renewedResponse.getRenewalToken(), renewal);
    assertEquals(Status.Code.PERMISSION_DENIED, renewAfterStop.getCode());
    assertTrue(renewAfterStop.getDescription().startsWith("session-not-live"));

    // Everything is in the care timeline, and no key is.
    String care = TestTokens.get().care("agent-lic");
    var timeline = http.get("/v1/care/sessions/" + id + "/timeline", care);
    assertEquals(200, timeline.status());
    String text = timeline.body().toString();
    List<String> kinds = new ArrayList<>();
    timeline.body().path("entries").forEach(e -> kinds.add(e.path("kind").asText()));
    assertTrue(kinds.contains("license-issued"), kinds.toString());
    assertTrue(kinds.contains("license-renewed"), kinds.toString());
    assertTrue(kinds.contains("license-denied"), kinds.toString());
    assertTrue(text.contains("session-not-live") && text.contains("device-mismatch"), text);
    assertTrue(text.contains(keys.get("UHD")[0]), "key ids are shown");
    for (String[] pair : keys.values()) {
      assertFalse(text.contains(pair[1]) || text.contains(b64url(pair[1])), "never a key: " + text);
    }

    // The node's metrics count what the ledger recorded.
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(metrics.matches("(?s).*\\nplayhead_licenses_issued_total [1-9].*"), metrics);
    assertTrue(
        metrics.contains("playhead_licenses_denied_total{reason=\"session-not-live\"}"), metrics);
  }

  @Test
  void noLicenseForAnEvictedOrATerminatedSession() throws Exception {
    String title = "title-evict-" + UUID.randomUUID();
    Map<String, String[]> keys = contentKeys(title, "SD");
    String account = "acc-evict-" + UUID.randomUUID();
    String care = TestTokens.get().care("agent-evict");
    String first = "it-" + UUID.randomUUID();
    String token = startWithLicense(first, account, title);
    assertEquals(200, clearKey(token, false, keys.get("SD")[0]).status());
    // One stream on a basic plan: the same profile moving to its phone evicts the TV's stream.
    assertEquals(
        200,
        http.put(
                "/v1/care/accounts/" + account + "/plan",
                "{\"plan\":\"basic\",\"why\":\"test\"}",
                care)
            .status());
    var moved = http.start("it-" + UUID.randomUUID(), account, "profile-1", "phone-2", title);
    assertEquals(201, moved.status(), moved.body().toString());
    awaitAssert(
        () -> {
          try {
            Answer evicted = clearKey(token, false, keys.get("SD")[0]);
            assertEquals(403, evicted.status());
            assertEquals("session-not-live", evicted.reason());
            assertTrue(evicted.body().path("detail").asText().contains("evicted"));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });

    // A session care terminates loses its licenses at once.
    String phoneToken = moved.body().path("license").path("token").asText();
    String phoneSession = moved.body().path("session").path("sessionId").asText();
    assertEquals(200, clearKey(phoneToken, false, keys.get("SD")[0]).status());
    assertEquals(
        200,
        http.post(
                "/v1/care/sessions/" + phoneSession + "/terminate",
                "application/json",
                "{\"why\":\"test\"}",
                care)
            .status());
    Answer terminated = clearKey(phoneToken, false, keys.get("SD")[0]);
    assertEquals(403, terminated.status());
    assertEquals("session-not-live", terminated.reason());
    assertTrue(terminated.body().path("detail").asText().contains("revoked"));
  }

  @Test
  void grpcStartGrantsALicenseTokenAndRawKeysGoOnlyToAPackager() throws Exception {
    String account = "acc-grpc-lic-" + UUID.randomUUID();
    String player = TestTokens.get().player(account, "profile-1", "browser-1");
    StartPlaybackResponse started =
        playback
            .startPlayback()
            .addHeader("authorization", "Bearer " + player)
            .invoke(
                StartPlaybackRequest.newBuilder()
                    .setTitleId("title-grpc")
                    .setDevice(Device.newBuilder().setDeviceType("browser").setDrmSecurityLevel(1))
                    .build())
            .toCompletableFuture()
            .get(15, TimeUnit.SECONDS);
    assertTrue(started.hasLicense());
    assertFalse(started.getLicense().getToken().isEmpty());
    // A software browser: audio and SD only.
    assertEquals(List.of("AUDIO", "SD"), started.getLicense().getTrackTypesList());
    assertTrue(started.getLicense().getExpiresAtMs() > System.currentTimeMillis());

    Answer asPlayer =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/titles/title-x/content-keys"))
                .header("Authorization", "Bearer " + player)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"trackTypes\":[\"SD\"]}")));
    assertEquals(403, asPlayer.status());
    // Least privilege: an SRE operates the vault but never receives a raw key.
    Answer asSre =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/titles/title-x/content-keys"))
                .header("Authorization", "Bearer " + sre())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"trackTypes\":[\"SD\"]}")));
    assertEquals(403, asSre.status(), asSre.body().toString());
    assertTrue(asSre.body().path("type").asText().endsWith("wrong-role"), asSre.body().toString());
    Answer badTypes =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/titles/title-x/content-keys"))
                .header("Authorization", "Bearer " + packager())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"trackTypes\":[\"8K\"]}")));
    assertEquals(400, badTypes.status());
    assertEquals("malformed-request", badTypes.reason());

    // Import: a packager's own key is kept; another key for the same track is a conflict.
    String title = "title-import-" + UUID.randomUUID();
    String kid = "0123456789abcdef0123456789abcdef";
    String key = "fedcba9876543210fedcba9876543210";
    String body =
        "{\"keys\":[{\"trackType\":\"SD\",\"kid\":\"" + kid + "\",\"key\":\"" + key + "\"}]}";
    HttpRequest.Builder imp =
        HttpRequest.newBuilder(
                URI.create(node.baseUrl() + "/v1/titles/" + title + "/content-keys/import"))
            .header("Authorization", "Bearer " + packager())
            .header("Content-Type", "application/json");
    Answer imported = send(imp.copy().POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(200, imported.status(), imported.body().toString());
    assertEquals("imported", imported.body().path("keys").get(0).path("outcome").asText());
    assertEquals(
        "already-present",
        send(imp.copy().POST(HttpRequest.BodyPublishers.ofString(body)))
            .body()
            .path("keys")
            .get(0)
            .path("outcome")
            .asText());
    Answer conflict =
        send(imp.copy().POST(HttpRequest.BodyPublishers.ofString(body.replace(key, kid))));
    assertEquals(409, conflict.status());
    assertEquals("key-conflict", conflict.reason());
    assertFalse(conflict.raw().body().contains(key), "never a key in an error");
    assertArrayEquals(new String[] {kid, key}, contentKeys(title, "SD").get("SD"));
  }
}
