package org.playhead.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.playhead.license.device.DeviceCertificateMinter;
import org.playhead.license.device.DeviceCertificateMinter.Issued;
import org.playhead.license.device.DeviceRevocations;
import org.playhead.license.device.DeviceSecurity;
import org.playhead.license.device.DeviceTrust;
import org.playhead.license.device.Revocation;
import org.playhead.license.device.RevocationList;
import org.playhead.license.token.DeviceBinding;
import org.playhead.license.token.LicenseClaims;
import org.playhead.protocol.license.v1.LicenseRequest;
import org.playhead.protocol.license.v1.LicenseStyle;
import org.playhead.protocol.license.v1.RequestType;

/** What a request's device proves, and every way a chain proves nothing. */
class DeviceCheckTest {
  final Clock clock = TestDevices.CLOCK;
  final LicenseIssuer issuer = TestKeys.issuer(clock);
  final LicenseClaims claims = TestKeys.claims("s-1", clock);

  DeviceCheck check(RevocationList revocations) {
    return new DeviceCheck(TestDevices.trust(), new DeviceRevocations(revocations), clock);
  }

  LicenseRequest.Builder request(Issued device, Issued model) {
    LicenseRequest.Builder r =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setRequestType(RequestType.REQUEST_TYPE_NEW)
            .setDeviceId("tv-1")
            .addKeyIds(ByteString.copyFrom(new byte[16]));
    TestDevices.chain(device, model)
        .forEach(der -> r.addDeviceCertificateChain(ByteString.copyFrom(der)));
    return r;
  }

  DeviceCheck.Result identify(DeviceCheck check, LicenseClaims claims, LicenseRequest request)
      throws LicenseIssuer.Malformed {
    return check.identify(claims, issuer.parse(request));
  }

  static Revocation revocation(Issued certificate) {
    return new Revocation(certificate.fingerprint(), "test", "sre-1", 1L);
  }

  @Test
  void aCertifiedDeviceIsWhatItsChainProvesWithItsCertifiedKey() throws Exception {
    DeviceCheck.Result result =
        identify(
            check(RevocationList.EMPTY),
            claims,
            request(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL).build());
    assertNull(result.denial());
    LicensedDevice device = result.device();
    assertTrue(device.certified());
    assertEquals(new DeviceSecurity(3, Hdcp.V2_2), device.security());
    assertEquals(TestDevices.UHD_DEVICE.certificate().getPublicKey(), device.key());
    assertEquals(TestDevices.UHD_DEVICE.fingerprint(), device.certificate().deviceCertificate());
    assertEquals(TestDevices.UHD_MODEL.fingerprint(), device.certificate().modelCertificate());
    // A device certificate can only narrow what its model is certified for.
    assertEquals(
        new DeviceSecurity(3, Hdcp.V1),
        identify(
                check(RevocationList.EMPTY),
                claims,
                request(TestDevices.NARROWED_DEVICE, TestDevices.UHD_MODEL).build())
            .device()
            .security());
  }

  @Test
  void aRevokedModelOrDeviceGetsNothing() throws Exception {
    LicenseRequest uhd = request(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL).build();
    DeviceCheck.Result model =
        identify(
            check(new RevocationList(List.of(revocation(TestDevices.UHD_MODEL)))), claims, uhd);
    assertEquals(Denial.Reason.DEVICE_CERTIFICATE_REVOKED, model.denial().reason());
    assertTrue(model.denial().detail().contains("model"), model.denial().detail());
    assertEquals(TestDevices.UHD_DEVICE.fingerprint(), model.seen().deviceCertificate());
    DeviceCheck.Result device =
        identify(
            check(new RevocationList(List.of(revocation(TestDevices.UHD_DEVICE)))), claims, uhd);
    assertEquals(Denial.Reason.DEVICE_CERTIFICATE_REVOKED, device.denial().reason());
    assertTrue(device.denial().detail().startsWith("The device certificate"));
    // Another device of the same model is not touched by one device's revocation.
    assertNull(
        identify(
                check(new RevocationList(List.of(revocation(TestDevices.UHD_DEVICE)))),
                claims,
                request(TestDevices.NARROWED_DEVICE, TestDevices.UHD_MODEL).build())
            .denial());
    // Until this node has loaded the list once, a certified device must retry.
    DeviceCheck.Result unloaded =
        new DeviceCheck(TestDevices.trust(), new DeviceRevocations(), clock)
            .identify(claims, issuer.parse(uhd));
    assertEquals(Denial.Reason.UNAVAILABLE, unloaded.denial().reason());
  }

  @Test
  void aChainFromAnUntrustedRootIsRefusedEvenUnderTheTrustedRootsName() throws Exception {
    DeviceCheck.Result rogue =
        identify(
            check(RevocationList.EMPTY),
            claims,
            request(TestDevices.ROGUE_DEVICE, TestDevices.ROGUE_MODEL).build());
    assertEquals(Denial.Reason.DEVICE_CERTIFICATE_UNTRUSTED, rogue.denial().reason());
    // A trusted model's name on a rogue model does not help either; nor does mixing chains.
    DeviceCheck.Result mixed =
        identify(
            check(RevocationList.EMPTY),
            claims,
            request(TestDevices.ROGUE_DEVICE, TestDevices.UHD_MODEL).build());
    assertEquals(Denial.Reason.DEVICE_CERTIFICATE_UNTRUSTED, mixed.denial().reason());
    // A node that trusts no root certifies nobody.
    DeviceCheck.Result none =
        new DeviceCheck(DeviceTrust.none(), new DeviceRevocations(RevocationList.EMPTY), clock)
            .identify(
                claims,
                issuer.parse(request(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL).build()));
    assertEquals(Denial.Reason.DEVICE_CERTIFICATE_UNTRUSTED, none.denial().reason());
  }

  @Test
  void expiredOrMisshapenChainsAreInvalid() throws Exception {
    DeviceCertificateMinter minter =
        new DeviceCertificateMinter(Clock.offset(clock, Duration.ofDays(-30)));
    Issued expired =
        minter.device(TestDevices.UHD_MODEL, "tv-old", Optional.empty(), Duration.ofDays(1));
    DeviceCheck.Result old =
        identify(
            check(RevocationList.EMPTY), claims, request(expired, TestDevices.UHD_MODEL).build());
    assertEquals(Denial.Reason.DEVICE_CERTIFICATE_INVALID, old.denial().reason());
    assertTrue(old.denial().detail().contains("expired"), old.denial().detail());
    // The model first and the device second is not a device chain.
    DeviceCheck.Result swapped =
        identify(
            check(RevocationList.EMPTY),
            claims,
            request(TestDevices.UHD_MODEL, TestDevices.UHD_DEVICE).build());
    assertNotNull(swapped.denial());
    // Bytes that are not DER are a malformed request.
    LicenseRequest garbage =
        request(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL)
            .setDeviceCertificateChain(0, ByteString.copyFromUtf8("not a certificate"))
            .build();
    assertEquals(
        Denial.Reason.MALFORMED_REQUEST,
        identify(check(RevocationList.EMPTY), claims, garbage).denial().reason());
  }

  @Test
  void aKeyTheRequestClaimsButTheCertificateDoesNotHoldIsRefused() throws Exception {
    LicenseRequest other =
        request(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL)
            .setDevicePublicKey(ByteString.copyFrom(TestKeys.rsa(2048).getPublic().getEncoded()))
            .build();
    DeviceCheck.Result result = identify(check(RevocationList.EMPTY), claims, other);
    assertEquals(Denial.Reason.DEVICE_KEY_NOT_CERTIFIED, result.denial().reason());
    // Its own certified key, sent along, is fine.
    LicenseRequest same =
        request(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL)
            .setDevicePublicKey(
                ByteString.copyFrom(
                    TestDevices.UHD_DEVICE.certificate().getPublicKey().getEncoded()))
            .build();
    assertNull(identify(check(RevocationList.EMPTY), claims, same).denial());
  }

  @Test
  void renewalsStayWithTheCertifiedDeviceAndAreCheckedForRevocationToo() throws Exception {
    DeviceBinding binding =
        identify(
                check(RevocationList.EMPTY),
                claims,
                request(TestDevices.UHD_DEVICE, TestDevices.UHD_MODEL).build())
            .device()
            .certificate();
    LicenseClaims bound = claims.boundTo(binding);
    LicenseRequest keyless =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setRequestType(RequestType.REQUEST_TYPE_RENEWAL)
            .setDeviceId("tv-1")
            .build();
    LicensedDevice renewed = identify(check(RevocationList.EMPTY), bound, keyless).device();
    assertEquals(new DeviceSecurity(3, Hdcp.V2_2), renewed.security());
    assertEquals(
        Denial.Reason.DEVICE_CERTIFICATE_REVOKED,
        identify(
                check(new RevocationList(List.of(revocation(TestDevices.UHD_MODEL)))),
                bound,
                keyless)
            .denial()
            .reason());
    // Another certified device, or none, cannot take over a certified session's licenses.
    assertEquals(
        Denial.Reason.DEVICE_MISMATCH,
        identify(
                check(RevocationList.EMPTY),
                bound,
                request(TestDevices.NARROWED_DEVICE, TestDevices.UHD_MODEL).build())
            .denial()
            .reason());
    LicenseRequest bare =
        LicenseRequest.newBuilder()
            .setStyle(LicenseStyle.LICENSE_STYLE_WIDEVINE)
            .setDeviceId("tv-1")
            .addKeyIds(ByteString.copyFrom(new byte[16]))
            .setDevicePublicKey(ByteString.copyFrom(TestKeys.rsa(2048).getPublic().getEncoded()))
            .build();
    assertEquals(
        Denial.Reason.DEVICE_MISMATCH,
        identify(check(RevocationList.EMPTY), bound, bare).denial().reason());
  }

  @Test
  void clearKeyIsAlwaysASoftwareDevice() throws Exception {
    var request = issuer.parseClearKey("{\"kids\":[\"AAAAAAAAAAAAAAAAAAAAAA\"]}".getBytes());
    LicensedDevice device = check(RevocationList.EMPTY).identify(claims, request).device();
    assertEquals(DeviceSecurity.SOFTWARE, device.security());
    assertNull(device.certificate());
  }
}
