package org.playhead.license;

import java.security.interfaces.RSAPublicKey;
import org.playhead.license.device.DeviceSecurity;
import org.playhead.license.token.DeviceBinding;

/**
 * The device a license is for, as far as it proved itself: a certified device by its certificate
 * chain, anything else at software level (security level 1, no HDCP: audio and SD).
 *
 * @param key what content keys are wrapped to; {@code null} for Clear Key (keys go out in a JWK
 *     set) and for renewals that ask for no keys
 * @param certificate the certificates that proved {@code security}, or {@code null}
 */
public record LicensedDevice(RSAPublicKey key, DeviceSecurity security, DeviceBinding certificate) {

  public static LicensedDevice software(RSAPublicKey key) {
    return new LicensedDevice(key, DeviceSecurity.SOFTWARE, null);
  }

  public boolean certified() {
    return certificate != null;
  }
}
