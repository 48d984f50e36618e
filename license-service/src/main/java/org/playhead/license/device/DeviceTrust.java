package org.playhead.license.device;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.playhead.license.device.DeviceCertificateException.Problem;
import org.playhead.license.format.DeviceKeyWrapper;

/**
 * Verifies device certificate chains the way Widevine and PlayReady provisioning works: a device
 * key certified by its manufacturer's model certificate, which a root Playhead trusts certified.
 * X.509 with the JDK's own PKIX {@link CertPathValidator} (signatures, validity, CA constraints,
 * key usage, path length), because it is the standard every manufacturer's tooling, OpenSSL and
 * HSMs already speak, and the JDK verifies it without another library; the security level and HDCP
 * ride in the critical {@link DeviceSecurity} extension, which only this class's checker resolves.
 *
 * <p>A chain is exactly {@code [device, model]} (the root is configured, never sent). Its security
 * is the model certificate's, narrowed by the device certificate's if that carries one too: a model
 * certifies the most any of its devices can do, a single device can only be certified for less.
 *
 * <p>Thread-safe and immutable. Revocation is not checked here: an SRE's revocation list is, by
 * fingerprint, against the {@link CertifiedDevice} this returns (see {@link RevocationList}).
 */
public final class DeviceTrust {
  /** A device certificate is about 1 KB; anything much larger is not one. */
  public static final int MAX_CERTIFICATE_BYTES = 8192;

  /** Device, then model. */
  public static final int CHAIN_LENGTH = 2;

  private static final HexFormat HEX = HexFormat.of();

  private final List<X509Certificate> roots;
  private final Set<TrustAnchor> anchors;

  private DeviceTrust(List<X509Certificate> roots) {
    this.roots = List.copyOf(roots);
    this.anchors = Set.copyOf(roots.stream().map(root -> new TrustAnchor(root, null)).toList());
  }

  /** Trusts these roots. */
  public static DeviceTrust of(Collection<X509Certificate> roots) {
    return new DeviceTrust(List.copyOf(roots));
  }

  /** Trusts no root: every device is uncertified, so it gets software-level keys only. */
  public static DeviceTrust none() {
    return new DeviceTrust(List.of());
  }

  /**
   * The roots in a PEM (or DER) bundle of one or more certificates.
   *
   * @throws IllegalArgumentException when the file cannot be read or holds no certificate
   */
  public static DeviceTrust fromFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (read.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + file);
      }
      List<X509Certificate> roots = new ArrayList<>();
      for (Certificate c : read) {
        roots.add((X509Certificate) c);
      }
      return of(roots);
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(
          "cannot read device roots from " + file + ": " + e.getMessage());
    }
  }

  public List<X509Certificate> roots() {
    return roots;
  }

  public boolean trustsAnyRoot() {
    return !roots.isEmpty();
  }

  /**
   * Verifies a chain at {@code at}.
   *
   * @param chainDer DER certificates, the device's first, then its model's
   * @throws DeviceCertificateException with what was wrong
   */
  public CertifiedDevice verify(List<byte[]> chainDer, Instant at)
      throws DeviceCertificateException {
    if (chainDer.size() != CHAIN_LENGTH) {
      throw new DeviceCertificateException(
          Problem.MALFORMED,
          "device_certificate_chain must hold the device certificate, then its model certificate");
    }
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("X.509 is unavailable", e);
    }
    List<X509Certificate> chain = new ArrayList<>(CHAIN_LENGTH);
    for (byte[] der : chainDer) {
      if (der.length == 0 || der.length > MAX_CERTIFICATE_BYTES) {
        throw new DeviceCertificateException(
            Problem.MALFORMED,
            "each certificate must be 1 to " + MAX_CERTIFICATE_BYTES + " bytes of DER");
      }
      try {
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | RuntimeException e) {
        throw new DeviceCertificateException(
            Problem.MALFORMED, "device_certificate_chain holds something that is not DER X.509");
      }
    }
    X509Certificate device = chain.get(0);
    X509Certificate model = chain.get(1);
    if (roots.isEmpty()) {
      throw new DeviceCertificateException(
          Problem.UNTRUSTED, "this service trusts no device root, so no device is certified");
    }
    validatePath(factory, chain, at);

    if (device.getBasicConstraints() != -1) {
      throw new DeviceCertificateException(
          Problem.INVALID, "the first certificate is a CA, not a device certificate");
    }
    boolean[] usage = device.getKeyUsage();
    if (usage != null && !usage[2]) {
      throw new DeviceCertificateException(
          Problem.INVALID, "the device certificate's key may not encipher keys (keyEncipherment)");
    }
    if (!(device.getPublicKey() instanceof RSAPublicKey key)
        || key.getModulus().bitLength() < DeviceKeyWrapper.MIN_RSA_BITS
        || key.getModulus().bitLength() > DeviceKeyWrapper.MAX_RSA_BITS) {
      throw new DeviceCertificateException(
          Problem.INVALID,
          "the device key must be RSA "
              + DeviceKeyWrapper.MIN_RSA_BITS
              + " to "
              + DeviceKeyWrapper.MAX_RSA_BITS
              + " bits");
    }
    byte[] modelExtension = model.getExtensionValue(DeviceSecurity.OID);
    if (modelExtension == null) {
      throw new DeviceCertificateException(
          Problem.INVALID, "the model certificate does not state a security level and HDCP");
    }
    DeviceSecurity security;
    try {
      security = DeviceSecurity.fromExtensionValue(modelExtension);
      byte[] deviceExtension = device.getExtensionValue(DeviceSecurity.OID);
      if (deviceExtension != null) {
        security = security.narrowedTo(DeviceSecurity.fromExtensionValue(deviceExtension));
      }
    } catch (IllegalArgumentException e) {
      throw new DeviceCertificateException(Problem.INVALID, e.getMessage());
    }
    Date notAfter =
        device.getNotAfter().before(model.getNotAfter())
            ? device.getNotAfter()
            : model.getNotAfter();
    return new CertifiedDevice(
        key,
        security,
        fingerprint(device),
        fingerprint(model),
        device.getSubjectX500Principal().getName(),
        model.getSubjectX500Principal().getName(),
        notAfter.toInstant());
  }

  private void validatePath(CertificateFactory factory, List<X509Certificate> chain, Instant at)
      throws DeviceCertificateException {
    try {
      CertPath path = factory.generateCertPath(chain);
      PKIXParameters params = new PKIXParameters(anchors);
      // Revocation is Playhead's own list (an SRE action), not the CA's CRLs.
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      params.addCertPathChecker(new SecurityExtensionChecker());
      CertPathValidator.getInstance("PKIX").validate(path, params);
    } catch (CertPathValidatorException e) {
      throw rejected(e);
    } catch (CertificateException | InvalidAlgorithmParameterException e) {
      throw new DeviceCertificateException(Problem.MALFORMED, "the chain cannot be read as a path");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("PKIX is unavailable", e);
    }
  }

  private static DeviceCertificateException rejected(CertPathValidatorException e) {
    CertPathValidatorException.Reason reason = e.getReason();
    if (reason == BasicReason.EXPIRED) {
      return new DeviceCertificateException(Problem.INVALID, "a certificate of the chain expired");
    }
    if (reason == BasicReason.NOT_YET_VALID) {
      return new DeviceCertificateException(Problem.INVALID, "a certificate is not valid yet");
    }
    if (reason == BasicReason.INVALID_SIGNATURE
        || reason == java.security.cert.PKIXReason.NO_TRUST_ANCHOR) {
      return new DeviceCertificateException(
          Problem.UNTRUSTED, "the chain does not lead to a device root this service trusts");
    }
    return new DeviceCertificateException(
        Problem.INVALID, "the chain is not a device and model certificate (" + reason + ")");
  }

  /** SHA-256 of the certificate's DER, lower-case hex: what SREs revoke by. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** Resolves the critical {@link DeviceSecurity} extension, which {@link #verify} reads. */
  private static final class SecurityExtensionChecker extends PKIXCertPathChecker {
    @Override
    public void init(boolean forward) throws CertPathValidatorException {
      if (forward) {
        throw new CertPathValidatorException("forward checking is not supported");
      }
    }

    @Override
    public boolean isForwardCheckingSupported() {
      return false;
    }

    @Override
    public Set<String> getSupportedExtensions() {
      return Set.of(DeviceSecurity.OID);
    }

    @Override
    public void check(Certificate cert, Collection<String> unresolvedCritExts) {
      unresolvedCritExts.remove(DeviceSecurity.OID);
    }
  }
}
