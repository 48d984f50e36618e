package org.playhead.license;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.playhead.license.device.DeviceCertificateMinter;
import org.playhead.license.device.DeviceCertificateMinter.Issued;
import org.playhead.license.device.DeviceSecurity;
import org.playhead.license.device.DeviceTrust;

/**
 * Device certificate chains for unit tests, minted once per JVM (RSA key generation is the slow
 * part): a trusted root with a hardware-secure UHD model (level 3, HDCP 2.2) and an HD model (level
 * 2, HDCP 1.x), devices of each, a UHD-model device whose own certificate narrows it to HDCP 1.x,
 * and a root nobody trusts that has the same name as the trusted one.
 */
public final class TestDevices {
  private TestDevices() {}

  public static final Clock CLOCK = Clock.systemUTC();
  static final DeviceCertificateMinter MINTER = new DeviceCertificateMinter(CLOCK);
  static final Duration YEAR = Duration.ofDays(365);

  public static final Issued ROOT = MINTER.root("Playhead Test Root", YEAR);
  public static final Issued UHD_MODEL =
      MINTER.model(ROOT, "Acme TV 4K", new DeviceSecurity(3, Hdcp.V2_2), YEAR);
  public static final Issued HD_MODEL =
      MINTER.model(ROOT, "Acme Stick HD", new DeviceSecurity(2, Hdcp.V1), YEAR);
  public static final Issued UHD_DEVICE =
      MINTER.device(UHD_MODEL, "tv-0001", Optional.empty(), YEAR);
  public static final Issued HD_DEVICE =
      MINTER.device(HD_MODEL, "stick-0001", Optional.empty(), YEAR);

  /** A UHD model's unit whose HDCP 2.2 failed its check: certified for HDCP 1.x only. */
  public static final Issued NARROWED_DEVICE =
      MINTER.device(UHD_MODEL, "tv-0002", Optional.of(new DeviceSecurity(3, Hdcp.V1)), YEAR);

  public static final Issued ROGUE_ROOT = MINTER.root("Playhead Test Root", YEAR);
  public static final Issued ROGUE_MODEL =
      MINTER.model(ROGUE_ROOT, "Acme TV 4K", new DeviceSecurity(5, Hdcp.NO_DIGITAL_OUTPUT), YEAR);
  public static final Issued ROGUE_DEVICE =
      MINTER.device(ROGUE_MODEL, "tv-6666", Optional.empty(), YEAR);

  public static DeviceTrust trust() {
    return DeviceTrust.of(List.of(ROOT.certificate()));
  }

  /** The DER chain a device sends: its certificate, then its model's. */
  public static List<byte[]> chain(Issued device, Issued model) {
    try {
      return List.of(device.certificate().getEncoded(), model.certificate().getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
