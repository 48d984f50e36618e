package org.playhead.license.token;

import java.util.Objects;
import org.playhead.license.device.CertifiedDevice;
import org.playhead.license.device.DeviceSecurity;

/**
 * The certified device a session's licenses went to, carried by every renewal token after the first
 * certified license: a renewal is checked against the same certificates (revocation, and that it
 * comes from that device), and a renewal without keys keeps the level they proved.
 *
 * @param deviceCertificate the device certificate's SHA-256 fingerprint
 * @param modelCertificate its model certificate's SHA-256 fingerprint
 */
public record DeviceBinding(
    String deviceCertificate, String modelCertificate, DeviceSecurity security) {
  public DeviceBinding {
    Objects.requireNonNull(deviceCertificate, "deviceCertificate");
    Objects.requireNonNull(modelCertificate, "modelCertificate");
    Objects.requireNonNull(security, "security");
  }

  public static DeviceBinding of(CertifiedDevice device) {
    return new DeviceBinding(
        device.deviceFingerprint(), device.modelFingerprint(), device.security());
  }
}
