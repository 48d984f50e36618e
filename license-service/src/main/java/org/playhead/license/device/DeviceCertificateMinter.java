package org.playhead.license.device;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Mints device certificate chains for development and tests: a root (what Playhead is configured to
 * trust), model certificates a root signs (a manufacturer's model, with the security level and HDCP
 * it is certified for), and device certificates a model signs (one device's RSA key, maybe
 * certified for less than its model). In production the roots and model certificates come from
 * whoever certifies devices; this is what {@code ./playhead devices} and the integration tests use.
 *
 * <p>BouncyCastle's builders write the certificates (the JDK has no public API for it), signed with
 * the JDK's own RSA; nothing registers a security provider.
 */
public final class DeviceCertificateMinter {
  /** A certificate and the private key of its subject. */
  public record Issued(X509Certificate certificate, PrivateKey privateKey) {
    public String fingerprint() {
      return DeviceTrust.fingerprint(certificate);
    }

    public String certificatePem() {
      return pem(certificate);
    }

    public String privateKeyPem() {
      return pem(privateKey);
    }

    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal().getName() + ", key redacted]";
    }
  }

  private static final int ROOT_BITS = 3072;
  private static final int KEY_BITS = 2048;
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public DeviceCertificateMinter(Clock clock) {
    this.clock = clock;
  }

  /** A self-signed root that may certify models (path length 1: models, then their devices). */
  public Issued root(String commonName, Duration validity) {
    KeyPair keys = rsa(ROOT_BITS);
    X500Principal subject = principal(commonName);
    try {
      return sign(
          builder(subject, subject, keys, validity)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
              .addExtension(caUsage())
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  utils().createSubjectKeyIdentifier(keys.getPublic())),
          keys,
          keys.getPrivate());
    } catch (CertIOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A manufacturer's model certificate, certified by {@code root} for {@code security}. */
  public Issued model(Issued root, String commonName, DeviceSecurity security, Duration validity) {
    KeyPair keys = rsa(KEY_BITS);
    try {
      return sign(
          withIssuer(
                  builder(
                      root.certificate().getSubjectX500Principal(),
                      principal(commonName),
                      keys,
                      validity),
                  root,
                  keys)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(caUsage())
              .addExtension(DeviceSecurity.oid(), true, security.toAsn1()),
          keys,
          root.privateKey());
    } catch (CertIOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One device's certificate, signed by its model.
   *
   * @param narrowed what this device is certified for when it is less than its model (a unit whose
   *     HDCP 2.2 failed its check), else empty: it is what its model is
   */
  public Issued device(
      Issued model, String serial, Optional<DeviceSecurity> narrowed, Duration validity) {
    KeyPair keys = rsa(KEY_BITS);
    try {
      X509v3CertificateBuilder builder =
          withIssuer(
                  builder(
                      model.certificate().getSubjectX500Principal(),
                      principal(serial),
                      keys,
                      validity),
                  model,
                  keys)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature));
      if (narrowed.isPresent()) {
        builder.addExtension(DeviceSecurity.oid(), true, narrowed.get().toAsn1());
      }
      return sign(builder, keys, model.privateKey());
    } catch (CertIOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- PEM ---------------------------------------------------------------------------------------

  public static String pem(Object certificateOrKey) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      // Private keys as PKCS#8 ("PRIVATE KEY"), which the JDK and OpenSSL read alike.
      writer.writeObject(
          certificateOrKey instanceof PrivateKey key
              ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null)
              : certificateOrKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A PKCS#8 private key from its PEM. */
  public static PrivateKey privateKeyFromPem(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object read = parser.readObject();
      if (!(read instanceof PrivateKeyInfo info)) {
        throw new IllegalArgumentException("not a PKCS#8 private key");
      }
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PEM private key: " + e.getMessage());
    }
  }

  /** The first certificate of a PEM text. */
  public static X509Certificate certificateFromPem(String pem) {
    try {
      return (X509Certificate)
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new java.io.ByteArrayInputStream(
                      pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage());
    }
  }

  // --- plumbing ----------------------------------------------------------------------------------

  private X509v3CertificateBuilder builder(
      X500Principal issuer, X500Principal subject, KeyPair keys, Duration validity) {
    Instant now = clock.instant();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(127, random).add(BigInteger.ONE),
        Date.from(now.minus(BACKDATE)),
        Date.from(now.plus(validity)),
        subject,
        keys.getPublic());
  }

  private static X509v3CertificateBuilder withIssuer(
      X509v3CertificateBuilder builder, Issued issuer, KeyPair subjectKeys) {
    try {
      JcaX509ExtensionUtils utils = utils();
      return builder
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              utils.createAuthorityKeyIdentifier(issuer.certificate()))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot write key identifiers", e);
    }
  }

  private static Extension caUsage() {
    try {
      return new Extension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Issued sign(
      X509v3CertificateBuilder builder, KeyPair subjectKeys, PrivateKey issuerKey) {
    try {
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
      return new Issued(certificate, subjectKeys.getPrivate());
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  private static JcaX509ExtensionUtils utils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 key identifiers are unavailable", e);
    }
  }

  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

  /** Plain names only, so that no escaping rule of RFC 4514 can change what a name says. */
  private static X500Principal principal(String commonName) {
    if (commonName == null || !NAME.matcher(commonName).matches()) {
      throw new IllegalArgumentException(
          "a name must be 1 to 64 of letters, digits, space, '.', '_', '-'");
    }
    return new X500Principal("CN=" + commonName);
  }

  private KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is unavailable", e);
    }
  }
}
