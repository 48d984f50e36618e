package org.playhead.license.device;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.playhead.license.Hdcp;
import org.playhead.license.policy.TierRules;

/**
 * What a device certificate proves about its holder: the DRM security level (1 software to 5
 * hardware-secure, Widevine-style) and the HDCP its output path guarantees. Carried in a model or
 * device X.509 certificate as a critical extension under Playhead's private OID arc:
 *
 * <pre>
 * -- arc 2.25.227980283522033138258264734487003888323 (X.667 UUID ab8367cd-4ec8-4afb-972b-ca9547b17ac3)
 * --   .1    X.509 extensions
 * --   .1.1  playheadDeviceSecurity
 * PlayheadDeviceSecurity ::= SEQUENCE {
 *   securityLevel INTEGER (1..5),
 *   hdcp          ENUMERATED { none(0), v1(1), v2-0(2), v2-2(3), no-digital-output(4) } }
 * </pre>
 *
 * A UUID arc needs no registration and cannot collide with anyone else's. The extension is critical
 * so that no validator that does not understand it accepts such a certificate for anything.
 */
public record DeviceSecurity(int securityLevel, Hdcp hdcp) {
  /** Playhead's private arc: an X.667 UUID OID. */
  public static final String ARC = "2.25.227980283522033138258264734487003888323";

  /** {@code playheadDeviceSecurity}. */
  public static final String OID = ARC + ".1.1";

  /** A device that proved nothing: software, no HDCP (Clear Key, uncertified devices). */
  public static final DeviceSecurity SOFTWARE = new DeviceSecurity(TierRules.MIN_LEVEL, Hdcp.NONE);

  public DeviceSecurity {
    if (securityLevel < TierRules.MIN_LEVEL || securityLevel > TierRules.MAX_LEVEL) {
      throw new IllegalArgumentException(
          "securityLevel must be " + TierRules.MIN_LEVEL + " to " + TierRules.MAX_LEVEL);
    }
    if (hdcp == null) {
      throw new IllegalArgumentException("hdcp is required");
    }
  }

  /** The weaker of two: the lower level and the HDCP that satisfies less. */
  public DeviceSecurity narrowedTo(DeviceSecurity other) {
    return new DeviceSecurity(
        Math.min(securityLevel, other.securityLevel), TierRules.weaker(hdcp, other.hdcp));
  }

  /** The extension's value (the DER SEQUENCE), as a certificate builder takes it. */
  public ASN1Encodable toAsn1() {
    return new DERSequence(
        new ASN1Encodable[] {new ASN1Integer(securityLevel), new ASN1Enumerated(hdcp.ordinal())});
  }

  public static ASN1ObjectIdentifier oid() {
    return new ASN1ObjectIdentifier(OID);
  }

  /**
   * Reads the extension from {@link java.security.cert.X509Certificate#getExtensionValue}'s bytes
   * (an OCTET STRING wrapping the DER SEQUENCE).
   *
   * @throws IllegalArgumentException when the value is not a well-formed PlayheadDeviceSecurity
   */
  public static DeviceSecurity fromExtensionValue(byte[] extensionValue) {
    try {
      byte[] inner = ASN1OctetString.getInstance(extensionValue).getOctets();
      ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(inner));
      if (seq.size() != 2) {
        throw new IllegalArgumentException("PlayheadDeviceSecurity has two fields");
      }
      BigInteger level = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
      BigInteger hdcp = ASN1Enumerated.getInstance(seq.getObjectAt(1)).getValue();
      if (level.bitLength() > 8 || hdcp.signum() < 0 || hdcp.intValue() >= Hdcp.values().length) {
        throw new IllegalArgumentException("PlayheadDeviceSecurity is out of range");
      }
      return new DeviceSecurity(level.intValue(), Hdcp.values()[hdcp.intValue()]);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the playheadDeviceSecurity extension is malformed: " + e.getMessage());
    }
  }
}
