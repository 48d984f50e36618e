package org.playhead.license;

import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.playhead.license.device.CertifiedDevice;
import org.playhead.license.device.DeviceCertificateException;
import org.playhead.license.device.DeviceRevocations;
import org.playhead.license.device.DeviceTrust;
import org.playhead.license.device.RevocationList;
import org.playhead.license.token.DeviceBinding;
import org.playhead.license.token.LicenseClaims;

/**
 * Decides which device a Widevine- or PlayReady-style request is for and what it proved: its
 * certificate chain verified against the trusted roots and checked against the revocation list (on
 * every license and renewal), or nothing, and then it is a software device. The level and HDCP of a
 * request are never taken from the request itself. CPU only (the list is in memory).
 */
public final class DeviceCheck {
  /**
   * Exactly one of {@code device} and {@code denial}; {@code seen} names the certificates a denial
   * concerned, for its audit, when they are known.
   */
  public record Result(LicensedDevice device, Denial denial, DeviceBinding seen) {
    static Result of(LicensedDevice device) {
      return new Result(device, null, device.certificate());
    }

    static Result refused(Denial.Reason reason, String detail, DeviceBinding seen) {
      return new Result(null, Denial.of(reason, detail), seen);
    }
  }

  private final DeviceTrust trust;
  private final DeviceRevocations revocations;
  private final Clock clock;

  public DeviceCheck(DeviceTrust trust, DeviceRevocations revocations, Clock clock) {
    this.trust = trust;
    this.revocations = revocations;
    this.clock = clock;
  }

  public DeviceTrust trust() {
    return trust;
  }

  public Result identify(LicenseClaims claims, LicenseIssuer.Request request) {
    if (request.format() == LicenseFormat.CLEAR_KEY) {
      // A browser's software CDM: no device key, no certificate.
      return Result.of(LicensedDevice.software(null));
    }
    DeviceBinding bound = claims.device();
    if (request.certificateChain().isEmpty()) {
      if (bound == null) {
        return Result.of(LicensedDevice.software(request.deviceKey()));
      }
      if (request.renewal() && request.keyIds().isEmpty() && request.deviceKey() == null) {
        // A renewal of the policy alone, under the certificates the token carries: still checked
        // against the revocation list, so a revoked device's licenses stop being renewed.
        return revoked(bound)
            .orElseGet(() -> Result.of(new LicensedDevice(null, bound.security(), bound)));
      }
      return Result.refused(
          Denial.Reason.DEVICE_MISMATCH,
          "This session's licenses went to a certified device: send its device_certificate_chain.",
          bound);
    }
    CertifiedDevice certified;
    try {
      certified = trust.verify(request.certificateChain(), clock.instant());
    } catch (DeviceCertificateException e) {
      return switch (e.problem()) {
        case MALFORMED ->
            Result.refused(Denial.Reason.MALFORMED_REQUEST, e.getMessage() + ".", bound);
        case UNTRUSTED ->
            Result.refused(
                Denial.Reason.DEVICE_CERTIFICATE_UNTRUSTED,
                "The device certificate is not trusted: " + e.getMessage() + ".",
                bound);
        case INVALID ->
            Result.refused(
                Denial.Reason.DEVICE_CERTIFICATE_INVALID,
                "The device certificate is not valid: " + e.getMessage() + ".",
                bound);
      };
    }
    DeviceBinding binding = DeviceBinding.of(certified);
    if (request.deviceKey() != null
        && !Arrays.equals(request.deviceKey().getEncoded(), certified.deviceKey().getEncoded())) {
      return Result.refused(
          Denial.Reason.DEVICE_KEY_NOT_CERTIFIED,
          "device_public_key is not the key the device certificate certifies; keys go only to a"
              + " certified key (leave device_public_key empty to use it).",
          binding);
    }
    if (bound != null && !bound.deviceCertificate().equals(binding.deviceCertificate())) {
      return Result.refused(
          Denial.Reason.DEVICE_MISMATCH,
          "This session's licenses went to another device certificate.",
          binding);
    }
    return revoked(binding)
        .orElseGet(
            () ->
                Result.of(
                    new LicensedDevice(certified.deviceKey(), certified.security(), binding)));
  }

  private Optional<Result> revoked(DeviceBinding binding) {
    Optional<RevocationList> list = revocations.current();
    if (list.isEmpty()) {
      return Optional.of(
          Result.refused(
              Denial.Reason.UNAVAILABLE,
              "The device revocation list is not loaded yet; retry.",
              binding));
    }
    return list.get()
        .find(binding.deviceCertificate(), binding.modelCertificate())
        .map(
            hit ->
                Result.refused(
                    Denial.Reason.DEVICE_CERTIFICATE_REVOKED,
                    hit.model()
                        ? "The device's model certificate (sha256 "
                            + binding.modelCertificate()
                            + ") was revoked."
                        : "The device certificate (sha256 "
                            + binding.deviceCertificate()
                            + ") was revoked.",
                    binding));
  }
}
