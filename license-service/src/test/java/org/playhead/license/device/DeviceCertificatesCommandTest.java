package org.playhead.license.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.playhead.license.Hdcp;
import picocli.CommandLine;

/** The dev command mints chains that a node trusting its root verifies. */
class DeviceCertificatesCommandTest {
  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DeviceCertificatesCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static List<byte[]> chain(Path pem) throws Exception {
    try (var in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(
              c -> {
                try {
                  return c.getEncoded();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              })
          .toList();
    }
  }

  @Test
  void aRootAModelAndADeviceMakeAChainTheRootVerifies(@TempDir Path dir) throws Exception {
    Run root = run("root", "--out", dir.resolve("root").toString());
    assertEquals(0, root.exitCode(), root.err());
    assertTrue(root.out().contains("PLAYHEAD_DEVICE_ROOTS_FILE="), root.out());
    Run model =
        run(
            "model",
            "--root",
            dir.resolve("root").toString(),
            "--out",
            dir.resolve("tv").toString(),
            "--name",
            "Acme TV 4K",
            "--level",
            "3",
            "--hdcp",
            "v2_2");
    assertEquals(0, model.exitCode(), model.err());
    Run device =
        run(
            "device",
            "--model",
            dir.resolve("tv").toString(),
            "--out",
            dir.resolve("tv-1").toString(),
            "--serial",
            "tv-0001");
    assertEquals(0, device.exitCode(), device.err());
    assertEquals(
        PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(dir.resolve("tv-1/key.pem")));

    DeviceTrust trust = DeviceTrust.fromFile(dir.resolve("root/cert.pem"));
    CertifiedDevice certified = trust.verify(chain(dir.resolve("tv-1/chain.pem")), Instant.now());
    assertEquals(new DeviceSecurity(3, Hdcp.V2_2), certified.security());
    assertTrue(device.out().contains(certified.deviceFingerprint()), device.out());
    assertTrue(model.out().contains(certified.modelFingerprint()), model.out());
    // The key in key.pem is the one the certificate certifies.
    X509Certificate cert =
        DeviceCertificateMinter.certificateFromPem(Files.readString(dir.resolve("tv-1/cert.pem")));
    assertEquals(cert.getPublicKey(), certified.deviceKey());

    // A device certified for less than its model; never for more.
    Run weaker =
        run(
            "device",
            "--model",
            dir.resolve("tv").toString(),
            "--out",
            dir.resolve("tv-2").toString(),
            "--serial",
            "tv-0002",
            "--hdcp",
            "V1");
    assertEquals(0, weaker.exitCode(), weaker.err());
    assertEquals(
        new DeviceSecurity(3, Hdcp.V1),
        trust.verify(chain(dir.resolve("tv-2/chain.pem")), Instant.now()).security());
    Run stronger =
        run(
            "device",
            "--model",
            dir.resolve("tv").toString(),
            "--out",
            dir.resolve("tv-3").toString(),
            "--serial",
            "tv-0003",
            "--level",
            "5");
    assertNotEquals(0, stronger.exitCode());
    assertTrue(stronger.err().contains("more than its model"), stronger.err());
  }

  @Test
  void badArgumentsAreUsageErrors(@TempDir Path dir) {
    assertEquals(2, run("model", "--root", dir.toString(), "--out", "x").exitCode());
    assertEquals(
        2,
        run(
                "model",
                "--root",
                dir.toString(),
                "--out",
                "x",
                "--name",
                "n",
                "--level",
                "9",
                "--hdcp",
                "V9")
            .exitCode());
  }
}
