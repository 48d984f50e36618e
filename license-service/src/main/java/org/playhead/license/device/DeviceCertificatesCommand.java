package org.playhead.license.device;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.playhead.license.Hdcp;
import org.playhead.license.device.DeviceCertificateMinter.Issued;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./playhead devices}: mints a test root, model certificates and device certificates for
 * local development and tests. Each command writes a directory with {@code cert.pem} and {@code
 * key.pem} (owner-only); a device's also gets {@code chain.pem} (its certificate, then its
 * model's), the chain a license request carries. A node trusts the root with {@code
 * PLAYHEAD_DEVICE_ROOTS_FILE=<root dir>/cert.pem}.
 *
 * <pre>
 * ./playhead devices root   --out .playhead/devices/root
 * ./playhead devices model  --root .playhead/devices/root --out .playhead/devices/acme-tv \
 *                           --name "Acme TV 4K" --level 3 --hdcp V2_2
 * ./playhead devices device --model .playhead/devices/acme-tv --out .playhead/devices/tv-0001 \
 *                           --serial tv-0001
 * </pre>
 */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = "Mints device certificate chains for local use (a root, models, devices).",
    subcommands = {
      DeviceCertificatesCommand.Root.class,
      DeviceCertificatesCommand.Model.class,
      DeviceCertificatesCommand.Device.class
    })
public final class DeviceCertificatesCommand implements Callable<Integer> {
  static final String CERT = "cert.pem";
  static final String KEY = "key.pem";
  static final String CHAIN = "chain.pem";

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new DeviceCertificatesCommand()).execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  @Command(name = "root", mixinStandardHelpOptions = true, description = "A root to trust.")
  static final class Root implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, description = "directory to create")
    Path out;

    @Option(
        names = "--name",
        defaultValue = "Playhead Dev Device Root",
        description = "its common name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--days", defaultValue = "3650", description = "validity (default: 3650)")
    int days;

    @Override
    public Integer call() {
      Issued root = minter().root(name, Duration.ofDays(days));
      write(out, root, null);
      report(spec, "root", root, out);
      spec.commandLine()
          .getOut()
          .println("trust it: PLAYHEAD_DEVICE_ROOTS_FILE=" + out.resolve(CERT).toAbsolutePath());
      return 0;
    }
  }

  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description = "A manufacturer's model certificate, signed by a root.")
  static final class Model implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--root", required = true, description = "the root's directory")
    Path root;

    @Option(names = "--out", required = true, description = "directory to create")
    Path out;

    @Option(names = "--name", required = true, description = "the model's name")
    String name;

    @Option(names = "--level", required = true, description = "security level, 1-5")
    int level;

    @Option(
        names = "--hdcp",
        required = true,
        description = "NONE, V1, V2_0, V2_2 or NO_DIGITAL_OUTPUT",
        converter = HdcpConverter.class)
    Hdcp hdcp;

    @Option(names = "--days", defaultValue = "1825", description = "validity (default: 1825)")
    int days;

    @Override
    public Integer call() {
      Issued model =
          minter()
              .model(read(spec, root), name, security(spec, level, hdcp), Duration.ofDays(days));
      write(out, model, null);
      report(spec, "model", model, out);
      return 0;
    }
  }

  @Command(
      name = "device",
      mixinStandardHelpOptions = true,
      description = "One device's certificate and key, signed by its model.")
  static final class Device implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "the model's directory")
    Path model;

    @Option(names = "--out", required = true, description = "directory to create")
    Path out;

    @Option(names = "--serial", required = true, description = "the device's name or serial")
    String serial;

    @Option(
        names = "--level",
        description = "certify this device for a lower level than its model's")
    Integer level;

    @Option(
        names = "--hdcp",
        description = "certify this device for a weaker HDCP than its model's",
        converter = HdcpConverter.class)
    Hdcp hdcp;

    @Option(names = "--days", defaultValue = "365", description = "validity (default: 365)")
    int days;

    @Override
    public Integer call() {
      Issued issuer = read(spec, model);
      DeviceSecurity ofModel =
          DeviceSecurity.fromExtensionValue(
              issuer.certificate().getExtensionValue(DeviceSecurity.OID));
      Optional<DeviceSecurity> narrowed = Optional.empty();
      if (level != null || hdcp != null) {
        DeviceSecurity asked =
            security(
                spec,
                level == null ? ofModel.securityLevel() : level,
                hdcp == null ? ofModel.hdcp() : hdcp);
        if (!asked.narrowedTo(ofModel).equals(asked)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "A device cannot be certified for more than its model (" + ofModel + ").");
        }
        narrowed = Optional.of(asked);
      }
      Issued device = minter().device(issuer, serial, narrowed, Duration.ofDays(days));
      write(out, device, issuer);
      report(spec, "device", device, out);
      spec.commandLine()
          .getOut()
          .println(
              "security: "
                  + narrowed.orElse(ofModel)
                  + "; chain for license requests: "
                  + out.resolve(CHAIN).toAbsolutePath());
      return 0;
    }
  }

  // --- plumbing ----------------------------------------------------------------------------------

  static DeviceCertificateMinter minter() {
    return new DeviceCertificateMinter(Clock.systemUTC());
  }

  static DeviceSecurity security(CommandSpec spec, int level, Hdcp hdcp) {
    try {
      return new DeviceSecurity(level, hdcp);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** A directory this command wrote: the certificate and its private key. */
  static Issued read(CommandSpec spec, Path dir) {
    try {
      return new Issued(
          DeviceCertificateMinter.certificateFromPem(
              Files.readString(dir.resolve(CERT), StandardCharsets.US_ASCII)),
          DeviceCertificateMinter.privateKeyFromPem(
              Files.readString(dir.resolve(KEY), StandardCharsets.US_ASCII)));
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Cannot read " + dir + "/" + CERT + " and " + KEY + ": " + e);
    }
  }

  /** Writes cert.pem, key.pem (owner-only) and, for a device, chain.pem; never overwrites. */
  static void write(Path dir, Issued issued, Issued issuer) {
    try {
      Files.createDirectories(dir);
      Path key = dir.resolve(KEY);
      try {
        Files.createFile(
            key,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(key);
      }
      Files.writeString(key, issued.privateKeyPem(), StandardCharsets.US_ASCII);
      Files.writeString(dir.resolve(CERT), issued.certificatePem(), StandardCharsets.US_ASCII);
      if (issuer != null) {
        Files.writeString(
            dir.resolve(CHAIN),
            issued.certificatePem() + issuer.certificatePem(),
            StandardCharsets.US_ASCII);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException(dir + " already holds a key; choose another --out");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void report(CommandSpec spec, String what, Issued issued, Path dir) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        what
            + ": "
            + issued.certificate().getSubjectX500Principal().getName()
            + " in "
            + dir.toAbsolutePath());
    out.println("sha256 fingerprint (what SREs revoke): " + issued.fingerprint());
    out.flush();
  }

  static final class HdcpConverter implements CommandLine.ITypeConverter<Hdcp> {
    @Override
    public Hdcp convert(String value) {
      return Hdcp.parse(value)
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "expected NONE, V1, V2_0, V2_2 or NO_DIGITAL_OUTPUT"));
    }
  }
}
