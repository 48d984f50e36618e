package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.playhead.session.it.SingleNodeIT.awaitAssert;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.nimbusds.jose.jwk.ECKey;
import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
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
import org.playhead.license.device.DeviceCertificateMinter.Issued;
import org.playhead.license.format.DeviceKeyWrapper;
import org.playhead.license.format.LicenseSigner;
import org.playhead.protocol.license.v1.GetVerificationKeyRequest;
import org.playhead.protocol.license.v1.Hdcp;
import org.playhead.protocol.license.v1.License;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseResponse;
import org.playhead.protocol.license.v1.LicenseServiceClient;
import org.playhead.protocol.license.v1.LicenseStyle;
import org.playhead.protocol.license.v1.RequestType;
import org.playhead.protocol.license.v1.TrackType;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * Device certificates on two real nodes against the real Cassandra, with real X.509 chains minted
 * by the dev tooling in the test: a UHD key goes only to a certified hardware-secure device with
 * HDCP 2.2, wrapped to its certified key; a software device, a device certified for a lower level
 * or a weaker HDCP, a chain from an untrusted root, a key the request claims but the certificate
 * does not hold, and a revoked model or device are each refused with their reason. A revocation
 * made on one node holds on the other at once, for new licenses and renewals alike, and can be
 * lifted. Raw content keys go only to a packager, and every export is in the SRE's audit.
 */
@ExtendWith(NodeLogsOnFailure.class)
class DeviceCertificateIT {
  static final DeviceChains chains = new DeviceChains();
  static NodeProcess a;
  static NodeProcess b;
  static ActorSystem<Void> clientSystem;
  static LicenseServiceClient licensesA;
  static LicenseServiceClient licensesB;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    a = NodeProcess.start("devices-a", chains.nodeSettings());
    NodeLogsOnFailure.watch(a);
    Map<String, String> joining = new LinkedHashMap<>(chains.nodeSettings());
    joining.put(NodeProcess.joining(a).getKey(), NodeProcess.joining(a).getValue());
    b = NodeProcess.start("devices-b", joining);
    NodeLogsOnFailure.watch(b);
    clientSystem =
        ActorSystem.create(
            Behaviors.empty(),
            "device-client",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
    licensesA = client(a);
    licensesB = client(b);
  }

  static LicenseServiceClient client(NodeProcess node) {
    return LicenseServiceClient.create(
        GrpcClientSettings.connectToServiceAt("127.0.0.1", node.httpPort(), clientSystem)
            .withTls(false),
        clientSystem);
  }

  @AfterAll
  static void stop() throws Exception {
    licensesA.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    licensesB.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    clientSystem.terminate();
    b.close();
    a.close();
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** A title's keys from the packager: track type to {kid hex, key hex}. */
  static Map<String, String[]> contentKeys(String title) {
    PlayerHttp.Answer answer =
        new PlayerHttp(a.baseUrl())
            .post(
                "/v1/titles/" + title + "/content-keys",
                "application/json",
                "{\"trackTypes\":[\"AUDIO\",\"SD\",\"HD\",\"UHD\"]}",
                TestTokens.get().packager("pipeline-devices"));
    assertEquals(200, answer.status(), answer.body().toString());
    Map<String, String[]> keys = new LinkedHashMap<>();
    answer
        .body()
        .path("keys")
        .forEach(
            k ->
                keys.put(
                    k.path("trackType").asText(),
                    new String[] {k.path("kid").asText(), k.path("key").asText()}));
    return keys;
  }

  /** A started session's license token, on a fresh account. */
  static String start(String title) {
    PlayerHttp http = new PlayerHttp(a.baseUrl());
    PlayerHttp.Answer started =
        http.start("it-" + UUID.randomUUID(), "acc-dev-" + UUID.randomUUID(), title);
    assertEquals(201, started.status(), started.body().toString());
    return started.body().path("license").path("token").asText();
  }

  static LicenseRequest.Builder request(Map<String, String[]> keys, String... types) {
    LicenseRequest.Builder r =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setRequestType(RequestType.REQUEST_TYPE_NEW)
            .setDeviceId("tv-1");
    for (String t : types) {
      r.addKeyIds(ByteString.copyFrom(HexFormat.of().parseHex(keys.get(t)[0])));
    }
    return r;
  }

  static LicenseRequest certified(
      Issued device, Issued model, Map<String, String[]> keys, String... types) {
    return DeviceChains.withChain(request(keys, types), device, model).build();
  }

  static LicenseResponse acquire(LicenseServiceClient client, String token, LicenseRequest r)
      throws Exception {
    return client
        .acquireLicense()
        .addHeader("authorization", "Bearer " + token)
        .invoke(r)
        .toCompletableFuture()
        .get(15, TimeUnit.SECONDS);
  }

  /** The refusal's reason code (the start of its status description) and its status. */
  static String refusal(LicenseServiceClient client, String token, LicenseRequest r)
      throws Exception {
    try {
      acquire(client, token, r);
    } catch (ExecutionException e) {
      Status status = Status.fromThrowable(e.getCause());
      assertEquals(Status.Code.PERMISSION_DENIED, status.getCode(), status.toString());
      return status.getDescription();
    }
    throw new AssertionError("expected a refusal");
  }

  static String reason(String description) {
    return description.substring(0, description.indexOf(':'));
  }

  static SreHttp sre(NodeProcess node) {
    return new SreHttp(node.baseUrl(), TestTokens.get().sre("oncall-devices"));
  }

  static void revoke(NodeProcess node, Issued certificate, String why) {
    SreHttp.Answer revoked =
        sre(node)
            .post(
                "/v1/sre/devices/revocations",
                "{\"fingerprint\":\""
                    + colons(certificate.fingerprint())
                    + "\",\"why\":\""
                    + why
                    + "\"}");
    assertEquals(200, revoked.status(), revoked.text());
    assertEquals(certificate.fingerprint(), revoked.json().path("fingerprint").asText());
  }

  static void reinstate(NodeProcess node, Issued certificate) {
    SreHttp.Answer lifted =
        sre(node)
            .post(
                "/v1/sre/devices/revocations/" + certificate.fingerprint() + "/reinstate",
                "{\"why\":\"test over\"}");
    assertEquals(200, lifted.status(), lifted.text());
  }

  /** As {@code openssl x509 -fingerprint -sha256} prints it: the API takes that too. */
  static String colons(String hex) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < hex.length(); i += 2) {
      pairs.add(hex.substring(i, i + 2).toUpperCase());
    }
    return String.join(":", pairs);
  }

  // --- tests -------------------------------------------------------------------------------------

  @Test
  void uhdKeysGoOnlyToACertifiedHardwareSecureDeviceWithHdcp22() throws Exception {
    String title = "title-dev-" + UUID.randomUUID();
    Map<String, String[]> keys = contentKeys(title);
    String token = start(title);

    // The certified UHD device: its UHD key, wrapped to its certified key, in a signed license
    // whose policy is the certificate's level and HDCP.
    LicenseResponse response =
        acquire(licensesA, token, certified(chains.uhdDevice, chains.uhdModel, keys, "UHD"));
    ECKey published =
        ECKey.parse(
            licensesA
                .getVerificationKey()
                .invoke(GetVerificationKeyRequest.getDefaultInstance())
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .getJwk());
    assertTrue(
        LicenseSigner.verify(
            published.toECPublicKey(),
            response.getLicense().toByteArray(),
            response.getSignature().toByteArray()));
    License license = License.parseFrom(response.getLicense());
    assertEquals(1, license.getKeysCount());
    assertEquals(TrackType.TRACK_TYPE_UHD, license.getKeys(0).getTrackType());
    assertEquals(
        keys.get("UHD")[1],
        HexFormat.of()
            .formatHex(
                DeviceKeyWrapper.unwrap(
                    chains.uhdDevice.privateKey(),
                    license.getKeys(0).getWrappedKey().toByteArray())));
    assertEquals(3, license.getPolicy().getSecurityLevel());
    assertEquals(3000, license.getPolicy().getPlayreadySecurityLevel());
    assertEquals(Hdcp.HDCP_V2_2, license.getPolicy().getRequiredHdcp());
    assertTrue(license.getPolicy().getAllowedTrackTypesList().contains(TrackType.TRACK_TYPE_UHD));

    // A software device: no chain, only a bare key, and a request that says level 5 and HDCP 2.2.
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    ByteString bareKey = ByteString.copyFrom(rsa.generateKeyPair().getPublic().getEncoded());
    @SuppressWarnings("deprecation")
    LicenseRequest boasting =
        request(keys, "UHD")
            .setSecurityLevel(5)
            .setHdcp(Hdcp.HDCP_V2_2)
            .setDevicePublicKey(bareKey)
            .build();
    String software = refusal(licensesA, token, boasting);
    assertEquals("device-certificate-required", reason(software), software);
    // ...which still gets its SD key, the software tier.
    License sd =
        License.parseFrom(
            acquire(licensesA, token, request(keys, "SD").setDevicePublicKey(bareKey).build())
                .getLicense());
    assertEquals(TrackType.TRACK_TYPE_SD, sd.getKeys(0).getTrackType());
    assertEquals(1, sd.getPolicy().getSecurityLevel());

    // Certified, but for less: level 2, or level 3 with HDCP 1.x only.
    String level =
        refusal(licensesA, token, certified(chains.hdDevice, chains.hdModel, keys, "UHD"));
    assertEquals("insufficient-security-level", reason(level), level);
    String hdcp =
        refusal(licensesA, token, certified(chains.weakHdcpDevice, chains.uhdModel, keys, "UHD"));
    assertEquals("insufficient-hdcp", reason(hdcp), hdcp);
    // The HD device does get HD.
    assertEquals(
        TrackType.TRACK_TYPE_HD,
        License.parseFrom(
                acquire(licensesA, token, certified(chains.hdDevice, chains.hdModel, keys, "HD"))
                    .getLicense())
            .getKeys(0)
            .getTrackType());

    // A chain from a root nobody configured, though it has the trusted root's name and claims 5.
    String rogue =
        refusal(licensesA, token, certified(chains.rogueDevice, chains.rogueModel, keys, "UHD"));
    assertEquals("device-certificate-untrusted", reason(rogue), rogue);

    // A key the request claims but the certificate does not hold.
    String otherKey =
        refusal(
            licensesA,
            token,
            DeviceChains.withChain(
                    request(keys, "UHD").setDevicePublicKey(bareKey),
                    chains.uhdDevice,
                    chains.uhdModel)
                .build());
    assertEquals("device-key-not-certified", reason(otherKey), otherKey);

    // The care timeline shows which certificates each license went to (never a key).
    PlayerHttp.Answer started =
        new PlayerHttp(a.baseUrl())
            .start("it-" + UUID.randomUUID(), "acc-tl-" + UUID.randomUUID(), title);
    String sessionId = started.body().path("session").path("sessionId").asText();
    acquire(
        licensesB,
        started.body().path("license").path("token").asText(),
        certified(chains.uhdDevice, chains.uhdModel, keys, "UHD"));
    PlayerHttp.Answer timeline =
        new PlayerHttp(a.baseUrl())
            .get(
                "/v1/care/sessions/" + sessionId + "/timeline",
                TestTokens.get().care("agent-devices"));
    String text = timeline.body().toString();
    assertTrue(text.contains(chains.uhdDevice.fingerprint()), text);
    assertTrue(text.contains(chains.uhdModel.fingerprint()), text);
    assertFalse(text.contains(keys.get("UHD")[1]), "never a key");
  }

  @Test
  void aRevokedModelOrDeviceGetsNoLicenseOrRenewalOnAnyNode() throws Exception {
    String title = "title-rev-" + UUID.randomUUID();
    Map<String, String[]> keys = contentKeys(title);
    String token = start(title);
    // A certified license, and the renewal token bound to that device.
    LicenseResponse first =
        acquire(licensesA, token, certified(chains.secondUhdDevice, chains.uhdModel, keys, "UHD"));
    LicenseRequest renewal =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setRequestType(RequestType.REQUEST_TYPE_RENEWAL)
            .setDeviceId("tv-1")
            .build();
    LicenseResponse renewed = acquire(licensesB, first.getRenewalToken(), renewal);
    assertTrue(License.parseFrom(renewed.getLicense()).getRenewal());
    assertEquals(3, License.parseFrom(renewed.getLicense()).getPolicy().getSecurityLevel());
    // The bound renewal token does not serve another device.
    String other =
        refusal(
            licensesA,
            renewed.getRenewalToken(),
            certified(chains.uhdDevice, chains.uhdModel, keys, "UHD"));
    assertEquals("device-mismatch", reason(other), other);

    // One device revoked on node A: refused on node B too, for licenses and renewals; the other
    // devices of its model are not touched.
    revoke(a, chains.secondUhdDevice, "keys extracted from this unit");
    awaitAssert(
        () -> {
          try {
            String refused =
                refusal(
                    licensesB,
                    token,
                    certified(chains.secondUhdDevice, chains.uhdModel, keys, "UHD"));
            assertEquals("device-certificate-revoked", reason(refused), refused);
            assertTrue(refused.contains("The device certificate"), refused);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    String renewalRefused = refusal(licensesB, renewed.getRenewalToken(), renewal);
    assertEquals("device-certificate-revoked", reason(renewalRefused), renewalRefused);
    acquire(licensesB, token, certified(chains.uhdDevice, chains.uhdModel, keys, "UHD"));

    // The whole HD model revoked on node B: every one of its devices is refused on node A, even
    // for the HD keys it was certified for.
    revoke(b, chains.hdModel, "model certification withdrawn");
    awaitAssert(
        () -> {
          try {
            String refused =
                refusal(licensesA, token, certified(chains.hdDevice, chains.hdModel, keys, "HD"));
            assertEquals("device-certificate-revoked", reason(refused), refused);
            assertTrue(refused.contains("model"), refused);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });

    // Both listed, with who and why; lifted, the device is licensed again.
    SreHttp.Answer listed = sre(b).get("/v1/sre/devices/revocations");
    assertEquals(200, listed.status());
    assertTrue(listed.json().path("loaded").asBoolean());
    List<String> revoked = new ArrayList<>();
    listed.json().path("revocations").forEach(r -> revoked.add(r.path("fingerprint").asText()));
    assertTrue(revoked.contains(chains.hdModel.fingerprint()), listed.text());
    assertTrue(revoked.contains(chains.secondUhdDevice.fingerprint()), listed.text());
    assertTrue(listed.text().contains("model certification withdrawn"), listed.text());
    assertTrue(listed.text().contains("oncall-devices"), listed.text());
    reinstate(a, chains.hdModel);
    reinstate(a, chains.secondUhdDevice);
    awaitAssert(
        () -> {
          try {
            acquire(licensesB, token, certified(chains.hdDevice, chains.hdModel, keys, "HD"));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });

    // Bad input changes nothing: a non-fingerprint, a missing why, a player's token.
    assertEquals(
        400,
        sre(a)
            .post("/v1/sre/devices/revocations", "{\"fingerprint\":\"abc\",\"why\":\"x\"}")
            .status());
    assertEquals(
        400,
        sre(a)
            .post(
                "/v1/sre/devices/revocations",
                "{\"fingerprint\":\"" + chains.uhdModel.fingerprint() + "\"}")
            .status());
    assertEquals(
        403,
        new SreHttp(a.baseUrl(), TestTokens.get().packager("pipeline-devices"))
            .get("/v1/sre/devices/revocations")
            .status());
    assertEquals(
        404,
        sre(a)
            .post(
                "/v1/sre/devices/revocations/" + chains.uhdModel.fingerprint() + "/reinstate",
                "{\"why\":\"never revoked\"}")
            .status());
  }

  @Test
  void rawKeysGoOnlyToAPackagerAndEveryExportIsAudited() {
    String title = "title-audit-" + UUID.randomUUID();
    Map<String, String[]> keys = contentKeys(title);
    PlayerHttp http = new PlayerHttp(a.baseUrl());
    PlayerHttp.Answer asSre =
        http.post(
            "/v1/titles/" + title + "/content-keys",
            "application/json",
            "{\"trackTypes\":[\"SD\"]}",
            TestTokens.get().sre("oncall-devices"));
    assertEquals(403, asSre.status(), asSre.body().toString());

    SreHttp.Answer audit = sre(b).get("/v1/sre/titles/" + title + "/content-key-exports");
    assertEquals(200, audit.status(), audit.text());
    JsonNode exports = audit.json().path("exports");
    assertEquals(1, exports.size(), audit.text());
    JsonNode export = exports.get(0);
    assertEquals("pipeline-devices", export.path("packager").asText());
    assertEquals("get-or-create", export.path("action").asText());
    List<String> kids = new ArrayList<>();
    export.path("keyIds").forEach(k -> kids.add(k.asText()));
    assertEquals(
        List.of(keys.get("AUDIO")[0], keys.get("SD")[0], keys.get("HD")[0], keys.get("UHD")[0]),
        kids);
    for (String[] pair : keys.values()) {
      assertFalse(audit.text().contains(pair[1]), "never a key in the audit");
    }
    // The packager gets keys but does not read the audit.
    assertEquals(
        403,
        new SreHttp(a.baseUrl(), TestTokens.get().packager("pipeline-devices"))
            .get("/v1/sre/titles/" + title + "/content-key-exports")
            .status());
  }
}
