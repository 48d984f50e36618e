package org.playhead.license;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.playhead.license.LicenseIssuer.Denied;
import org.playhead.license.LicenseIssuer.Issued;
import org.playhead.license.SessionLiveness.SessionStatus;
import org.playhead.license.device.DeviceCertificateMinter;
import org.playhead.license.device.DeviceRevocations;
import org.playhead.license.device.RevocationList;
import org.playhead.license.format.DeviceKeyWrapper;
import org.playhead.license.token.LicenseClaims;
import org.playhead.license.token.TokenCheck;
import org.playhead.protocol.license.v1.License;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseResponse;
import org.playhead.protocol.license.v1.LicenseStyle;
import org.playhead.protocol.license.v1.LicenseType;
import org.playhead.protocol.license.v1.RequestType;

class LicenseIssuerTest {
  final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
  final LicenseIssuer issuer = TestKeys.issuer(clock);
  final Map<KeyId, ContentKey> keys = new LinkedHashMap<>();
  final Map<TrackType, ContentKey> byType = new LinkedHashMap<>();
  static final KeyPair DEVICE = TestKeys.rsa(2048);
  final DeviceCheck devices =
      new DeviceCheck(
          TestDevices.trust(), new DeviceRevocations(RevocationList.EMPTY), TestDevices.CLOCK);

  LicenseIssuerTest() {
    for (TrackType t : TrackType.values()) {
      ContentKey k = TestKeys.key("title-1", t);
      keys.put(k.keyId(), k);
      byType.put(t, k);
    }
  }

  byte[] clearKeyBody(TrackType... types) {
    StringBuilder b = new StringBuilder("{\"kids\":[");
    for (int i = 0; i < types.length; i++) {
      b.append(i == 0 ? "" : ",")
          .append('"')
          .append(byType.get(types[i]).keyId().base64Url())
          .append('"');
    }
    return b.append("],\"type\":\"temporary\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An uncertified device's request: a bare device key, no certificate chain. */
  LicenseRequest.Builder widevine(TrackType... types) {
    LicenseRequest.Builder r =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setRequestType(RequestType.REQUEST_TYPE_NEW)
            .setDeviceId("tv-1")
            .setDevicePublicKey(ByteString.copyFrom(DEVICE.getPublic().getEncoded()));
    for (TrackType t : types) {
      r.addKeyIds(ByteString.copyFrom(byType.get(t).keyId().bytes()));
    }
    return r;
  }

  /** A certified device's request: its chain, no bare key. */
  LicenseRequest.Builder certified(
      DeviceCertificateMinter.Issued device,
      DeviceCertificateMinter.Issued model,
      TrackType... types) {
    LicenseRequest.Builder r = widevine(types).clearDevicePublicKey();
    TestDevices.chain(device, model)
        .forEach(der -> r.addDeviceCertificateChain(ByteString.copyFrom(der)));
    return r;
  }

  /** The license for {@code request} as the actor decides it: device first, then keys. */
  LicenseIssuer.Outcome<LicenseResponse> acquire(LicenseClaims claims, LicenseRequest request)
      throws LicenseIssuer.Malformed {
    return acquire(claims, request, keys);
  }

  LicenseIssuer.Outcome<LicenseResponse> acquire(
      LicenseClaims claims, LicenseRequest in, Map<KeyId, ContentKey> found)
      throws LicenseIssuer.Malformed {
    LicenseIssuer.Request request = issuer.parse(in);
    DeviceCheck.Result device = devices.identify(claims, request);
    assertEquals(null, device.denial(), "the device check passes");
    return issuer.acquire(claims, request, device.device(), found);
  }

  @Test
  void clearKeyGivesTheAllowedKeysAsAJwkSet() throws Exception {
    LicenseClaims claims = TestKeys.claims("s-1", clock);
    var request = issuer.parseClearKey(clearKeyBody(TrackType.AUDIO, TrackType.SD));
    Issued<byte[]> issued = assertInstanceOf(Issued.class, issuer.clearKey(claims, request, keys));
    JsonNode json = new ObjectMapper().readTree(issued.answer());
    assertEquals("temporary", json.path("type").asText());
    assertEquals(2, json.path("keys").size());
    JsonNode first = json.path("keys").get(0);
    assertEquals("oct", first.path("kty").asText());
    assertEquals(byType.get(TrackType.AUDIO).keyId().base64Url(), first.path("kid").asText());
    assertEquals(byType.get(TrackType.AUDIO).keyBase64Url(), first.path("k").asText());
    assertEquals(
        List.of(byType.get(TrackType.AUDIO).keyId().hex(), byType.get(TrackType.SD).keyId().hex()),
        issued.audit().keyIds());
    assertFalse(issued.audit().toString().contains(byType.get(TrackType.SD).keyHex()));
  }

  @Test
  void clearKeyIsASoftwareCdmSoHdKeysAreWithheldOrRefused() throws Exception {
    LicenseClaims claims = TestKeys.claims("s-1", clock);
    var mixed = issuer.parseClearKey(clearKeyBody(TrackType.SD, TrackType.HD));
    Issued<byte[]> issued = assertInstanceOf(Issued.class, issuer.clearKey(claims, mixed, keys));
    assertEquals(List.of(byType.get(TrackType.HD).keyId().hex()), issued.audit().withheldKeyIds());
    assertFalse(
        new String(issued.answer(), StandardCharsets.UTF_8)
            .contains(byType.get(TrackType.HD).keyBase64Url()));
    var hdOnly = issuer.parseClearKey(clearKeyBody(TrackType.HD));
    Denied<byte[]> denied = assertInstanceOf(Denied.class, issuer.clearKey(claims, hdOnly, keys));
    assertEquals(Denial.Reason.INSUFFICIENT_SECURITY_LEVEL, denied.denial().reason());
    assertEquals("insufficient-security-level", denied.audit().reason());
  }

  @Test
  void aTrackTheSessionMayNotPlayOrAnUnknownKeyIsRefused() throws Exception {
    LicenseClaims sdOnly =
        TestKeys.claims("s-1", EnumSet.of(TrackType.AUDIO, TrackType.SD), "basic", false, clock);
    var uhd = certified(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL, TrackType.UHD).build();
    Denied<LicenseResponse> denied = assertInstanceOf(Denied.class, acquire(sdOnly, uhd));
    assertEquals(Denial.Reason.TRACK_NOT_ALLOWED, denied.denial().reason());
    Map<KeyId, ContentKey> withoutUhd = new LinkedHashMap<>(keys);
    withoutUhd.remove(byType.get(TrackType.UHD).keyId());
    Denied<LicenseResponse> unknown =
        assertInstanceOf(Denied.class, acquire(TestKeys.claims("s-1", clock), uhd, withoutUhd));
    assertEquals(Denial.Reason.UNKNOWN_KEY_ID, unknown.denial().reason());
    assertEquals(404, unknown.denial().reason().httpStatus());
  }

  @Test
  void aCertifiedUhdDeviceGetsEveryKeyWrappedToItsCertifiedKeyAndASignedLicense() throws Exception {
    LicenseClaims claims = TestKeys.claims("s-1", clock);
    var request =
        certified(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL, TrackType.values()).build();
    Issued<LicenseResponse> issued = assertInstanceOf(Issued.class, acquire(claims, request));
    LicenseResponse response = issued.answer();
    assertTrue(
        issuer
            .signer()
            .verify(response.getLicense().toByteArray(), response.getSignature().toByteArray()));
    License license = License.parseFrom(response.getLicense());
    assertEquals("s-1", license.getSessionId());
    assertEquals(4, license.getKeysCount());
    for (var wrapped : license.getKeysList()) {
      ContentKey original = keys.get(KeyId.of(wrapped.getKeyId().toByteArray()));
      assertArrayEquals(
          original.key(),
          DeviceKeyWrapper.unwrap(
              TestDevices.UHD_DEVICE.privateKey(), wrapped.getWrappedKey().toByteArray()));
      assertEquals("RSA-OAEP-256", wrapped.getAlgorithm());
    }
    var policy = license.getPolicy();
    assertTrue(policy.getCanPlay() && policy.getCanRenew() && !policy.getCanPersist());
    assertEquals(600, policy.getLicenseDurationSeconds());
    assertEquals(300, policy.getRenewalDelaySeconds());
    assertEquals(10, policy.getRenewalRetryIntervalSeconds());
    assertEquals(60, policy.getRenewalRecoveryDurationSeconds());
    assertEquals(3, policy.getSecurityLevel());
    assertEquals(3000, policy.getPlayreadySecurityLevel());
    assertEquals(org.playhead.protocol.license.v1.Hdcp.HDCP_V2_2, policy.getRequiredHdcp());
    assertEquals(4, policy.getAllowedTrackTypesCount());
    // The renewal token is a license token for the same session.
    var next =
        assertInstanceOf(
            TokenCheck.Valid.class, issuer.tokens().verify(response.getRenewalToken()));
    assertEquals(claims.sessionId(), next.claims().sessionId());
    // ...bound to the certificates, so renewals must come from the same device.
    assertEquals(TestDevices.UHD_DEVICE.fingerprint(), next.claims().device().deviceCertificate());
    assertEquals(3, next.claims().device().security().securityLevel());
    assertEquals(List.of(4), List.of(issued.audit().keyIds().size()));
    assertEquals(TestDevices.UHD_DEVICE.fingerprint(), issued.audit().deviceCertificate());
    assertEquals(TestDevices.UHD_MODEL.fingerprint(), issued.audit().modelCertificate());
  }

  @Test
  void anUncertifiedDeviceGetsSoftwareTracksWhateverItsRequestClaims() throws Exception {
    LicenseClaims claims = TestKeys.claims("s-1", clock);
    // It says level 5 and HDCP 2.2; nothing proves it: SD goes, HD and UHD are withheld.
    LicenseRequest boasting =
        widevine(TrackType.SD, TrackType.HD, TrackType.UHD)
            .setSecurityLevel(5)
            .setHdcp(org.playhead.protocol.license.v1.Hdcp.HDCP_V2_2)
            .build();
    Issued<LicenseResponse> issued = assertInstanceOf(Issued.class, acquire(claims, boasting));
    License license = License.parseFrom(issued.answer().getLicense());
    assertEquals(1, license.getKeysCount());
    assertEquals(
        org.playhead.protocol.license.v1.TrackType.TRACK_TYPE_SD,
        license.getKeys(0).getTrackType());
    assertEquals(1, license.getPolicy().getSecurityLevel());
    assertEquals(150, license.getPolicy().getPlayreadySecurityLevel());
    assertEquals("", issued.audit().deviceCertificate());
    Denied<LicenseResponse> uhd =
        assertInstanceOf(Denied.class, acquire(claims, widevine(TrackType.UHD).build()));
    assertEquals(Denial.Reason.DEVICE_CERTIFICATE_REQUIRED, uhd.denial().reason());
    assertTrue(uhd.denial().detail().contains("certificate"), uhd.denial().detail());
  }

  @Test
  void aDeviceCertifiedForLessGetsOnlyWhatItsCertificateProves() throws Exception {
    LicenseClaims claims = TestKeys.claims("s-1", clock);
    // An HD model (level 2, HDCP 1.x): HD goes, UHD is withheld; UHD alone is refused.
    Issued<LicenseResponse> hd =
        assertInstanceOf(
            Issued.class,
            acquire(
                claims,
                certified(TestDevices.HD_DEVICE, TestDevices.HD_MODEL, TrackType.HD, TrackType.UHD)
                    .build()));
    License license = License.parseFrom(hd.answer().getLicense());
    assertEquals(
        List.of(org.playhead.protocol.license.v1.TrackType.TRACK_TYPE_HD),
        license.getKeysList().stream().map(k -> k.getTrackType()).toList());
    assertEquals(2, license.getPolicy().getSecurityLevel());
    assertEquals(
        org.playhead.protocol.license.v1.Hdcp.HDCP_V1, license.getPolicy().getRequiredHdcp());
    Denied<LicenseResponse> level =
        assertInstanceOf(
            Denied.class,
            acquire(
                claims,
                certified(TestDevices.HD_DEVICE, TestDevices.HD_MODEL, TrackType.UHD).build()));
    assertEquals(Denial.Reason.INSUFFICIENT_SECURITY_LEVEL, level.denial().reason());
    // A UHD model's unit certified for HDCP 1.x only: level 3 but not HDCP 2.2.
    Denied<LicenseResponse> hdcp =
        assertInstanceOf(
            Denied.class,
            acquire(
                claims,
                certified(TestDevices.NARROWED_DEVICE, TestDevices.UHD_MODEL, TrackType.UHD)
                    .build()));
    assertEquals(Denial.Reason.INSUFFICIENT_HDCP, hdcp.denial().reason());
    assertTrue(hdcp.denial().detail().contains("V2_2"), hdcp.denial().detail());
  }

  @Test
  void persistentLicensesOnlyWhereThePlanAllowsAndNeverRenewed() throws Exception {
    var request =
        issuer.parse(
            widevine(TrackType.SD).setLicenseType(LicenseType.LICENSE_TYPE_PERSISTENT).build());
    SessionStatus live = SessionStatus.live("acc-1", "tv-1", "title-1");
    assertEquals(
        Denial.Reason.PERSISTENCE_NOT_ALLOWED,
        issuer.checkSession(TestKeys.claims("s-1", clock), live, request).orElseThrow().reason());
    LicenseClaims premium =
        TestKeys.claims("s-1", EnumSet.allOf(TrackType.class), "premium", true, clock);
    assertTrue(issuer.checkSession(premium, live, request).isEmpty());
    Issued<LicenseResponse> issued =
        assertInstanceOf(
            Issued.class,
            acquire(
                premium,
                widevine(TrackType.SD)
                    .setLicenseType(LicenseType.LICENSE_TYPE_PERSISTENT)
                    .build()));
    var policy = License.parseFrom(issued.answer().getLicense()).getPolicy();
    assertTrue(policy.getCanPersist());
    assertFalse(policy.getCanRenew());
    assertEquals(30L * 24 * 3600, policy.getRentalDurationSeconds());
    assertEquals(48L * 3600, policy.getPlaybackDurationSeconds());
  }

  @Test
  void noLicenseForASessionThatIsNotLiveOrIsAnotherDevices() throws Exception {
    LicenseClaims claims = TestKeys.claims("s-1", clock);
    var request = issuer.parse(widevine(TrackType.SD).build());
    var evicted = SessionStatus.ended("acc-1", "tv-1", "title-1", "evicted");
    Denial notLive = issuer.checkSession(claims, evicted, request).orElseThrow();
    assertEquals(Denial.Reason.SESSION_NOT_LIVE, notLive.reason());
    assertTrue(notLive.detail().contains("evicted"));
    assertEquals(
        Denial.Reason.SESSION_NOT_LIVE,
        issuer.checkSession(claims, SessionStatus.unknown(), request).orElseThrow().reason());
    var otherDevice = issuer.parse(widevine(TrackType.SD).setDeviceId("phone-2").build());
    assertEquals(
        Denial.Reason.DEVICE_MISMATCH,
        issuer
            .checkSession(claims, SessionStatus.live("acc-1", "tv-1", "title-1"), otherDevice)
            .orElseThrow()
            .reason());
    assertEquals(
        Denial.Reason.DEVICE_MISMATCH,
        issuer
            .checkSession(claims, SessionStatus.live("acc-1", "tv-2", "title-1"), request)
            .orElseThrow()
            .reason());
  }

  @Test
  void aRenewalCarriesThePolicyAndNoKeys() throws Exception {
    var renewal =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_PLAYREADY)
            .setRequestType(RequestType.REQUEST_TYPE_RENEWAL)
            .setDeviceId("tv-1")
            .build();
    Issued<LicenseResponse> issued =
        assertInstanceOf(Issued.class, acquire(TestKeys.claims("s-1", clock), renewal));
    License license = License.parseFrom(issued.answer().getLicense());
    assertTrue(license.getRenewal());
    assertEquals(0, license.getKeysCount());
    assertEquals(LicenseStyle.LICENSE_STYLE_PLAYREADY, license.getStyle());
    assertTrue(issued.audit().renewal());
  }

  @Test
  void malformedRequestsSayWhatIsWrong() {
    assertThrows(LicenseIssuer.Malformed.class, () -> issuer.parseClearKey("nope".getBytes()));
    assertThrows(
        LicenseIssuer.Malformed.class, () -> issuer.parseClearKey("{\"kids\":[]}".getBytes()));
    assertThrows(
        LicenseIssuer.Malformed.class,
        () -> issuer.parseClearKey("{\"kids\":[\"AAAA\"]}".getBytes()));
    assertThrows(
        LicenseIssuer.Malformed.class,
        () ->
            issuer.parseClearKey(
                ("{\"kids\":[\""
                        + byType.get(TrackType.SD).keyId().base64Url()
                        + "\"],\"type\":\"x\"}")
                    .getBytes()));
    assertThrows(
        LicenseIssuer.Malformed.class,
        () ->
            issuer.parse(
                widevine(TrackType.SD).setStyle(LicenseStyle.LICENSE_STYLE_UNSPECIFIED).build()));
    assertThrows(
        LicenseIssuer.Malformed.class,
        () -> issuer.parse(widevine(TrackType.SD).setDevicePublicKey(ByteString.EMPTY).build()));
    assertThrows(LicenseIssuer.Malformed.class, () -> issuer.parse(widevine().build()));
    assertThrows(
        LicenseIssuer.Malformed.class,
        () ->
            issuer.parse(
                widevine(TrackType.SD).addKeyIds(ByteString.copyFromUtf8("short")).build()));
    LicenseRequest.Builder longChain = widevine(TrackType.SD);
    for (int i = 0; i <= LicenseIssuer.MAX_CHAIN_CERTIFICATES; i++) {
      longChain.addDeviceCertificateChain(ByteString.copyFromUtf8("x"));
    }
    assertThrows(LicenseIssuer.Malformed.class, () -> issuer.parse(longChain.build()));
    assertThrows(
        LicenseIssuer.Malformed.class,
        () -> issuer.parse(widevine(TrackType.SD).setDeviceId("").build()));
  }
}
