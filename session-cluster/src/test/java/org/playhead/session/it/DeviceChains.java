package org.playhead.session.it;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.playhead.license.Hdcp;
import org.playhead.license.device.DeviceCertificateMinter;
import org.playhead.license.device.DeviceCertificateMinter.Issued;
import org.playhead.license.device.DeviceSecurity;
import org.playhead.protocol.license.v1.LicenseRequest;

/**
 * Real device certificate chains for integration tests, minted with the dev tooling's minter (what
 * {@code ./playhead devices} uses): a root the test's nodes trust, a hardware-secure UHD model
 * (level 3, HDCP 2.2), an HD model (level 2, HDCP 1.x), devices of each, a UHD model's unit
 * certified for HDCP 1.x only, and a whole chain under an untrusted root of the same name.
 */
public final class DeviceChains {
  private static final DeviceCertificateMinter MINTER =
      new DeviceCertificateMinter(Clock.systemUTC());
  private static final Duration YEAR = Duration.ofDays(365);

  public final Issued root = MINTER.root("Playhead IT Root", YEAR);
  public final Issued uhdModel =
      MINTER.model(root, "Acme TV 4K", new DeviceSecurity(3, Hdcp.V2_2), YEAR);
  public final Issued hdModel =
      MINTER.model(root, "Acme Stick HD", new DeviceSecurity(2, Hdcp.V1), YEAR);
  public final Issued uhdDevice = MINTER.device(uhdModel, "tv-0001", Optional.empty(), YEAR);
  public final Issued secondUhdDevice = MINTER.device(uhdModel, "tv-0002", Optional.empty(), YEAR);
  public final Issued hdDevice = MINTER.device(hdModel, "stick-0001", Optional.empty(), YEAR);
  public final Issued weakHdcpDevice =
      MINTER.device(uhdModel, "tv-0003", Optional.of(new DeviceSecurity(3, Hdcp.V1)), YEAR);
  public final Issued rogueRoot = MINTER.root("Playhead IT Root", YEAR);
  public final Issued rogueModel =
      MINTER.model(rogueRoot, "Acme TV 4K", new DeviceSecurity(5, Hdcp.NO_DIGITAL_OUTPUT), YEAR);
  public final Issued rogueDevice = MINTER.device(rogueModel, "tv-6666", Optional.empty(), YEAR);

  private final Path rootsFile;

  public DeviceChains() {
    try {
      Path dir = Path.of("target", "it-device-roots").toAbsolutePath();
      Files.createDirectories(dir);
      rootsFile = dir.resolve(UUID.randomUUID() + ".pem");
      Files.writeString(rootsFile, root.certificatePem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The node setting that makes it trust {@link #root} (and only it). */
  public Map<String, String> nodeSettings() {
    return Map.of("playhead.license.devices.trusted-roots-file", rootsFile.toString());
  }

  /** Adds {@code device}'s chain (its certificate, then its model's) to a license request. */
  public static LicenseRequest.Builder withChain(
      LicenseRequest.Builder request, Issued device, Issued model) {
    try {
      return request
          .addDeviceCertificateChain(ByteString.copyFrom(device.certificate().getEncoded()))
          .addDeviceCertificateChain(ByteString.copyFrom(model.certificate().getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
