package org.playhead.license.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;
import org.playhead.license.Hdcp;
import org.playhead.license.TestDevices;

class DeviceSecurityTest {
  @Test
  void theExtensionReadsBackFromACertificate() {
    byte[] value = TestDevices.UHD_MODEL.certificate().getExtensionValue(DeviceSecurity.OID);
    assertEquals(new DeviceSecurity(3, Hdcp.V2_2), DeviceSecurity.fromExtensionValue(value));
    assertTrue(
        TestDevices.UHD_MODEL.certificate().getCriticalExtensionOIDs().contains(DeviceSecurity.OID),
        "critical: validators that do not know it must refuse the certificate");
    assertEquals(
        null,
        TestDevices.UHD_DEVICE.certificate().getExtensionValue(DeviceSecurity.OID),
        "a device certified for what its model is carries none");
  }

  @Test
  void everyLevelAndHdcpRoundTrips() throws Exception {
    for (int level = 1; level <= 5; level++) {
      for (Hdcp hdcp : Hdcp.values()) {
        DeviceSecurity s = new DeviceSecurity(level, hdcp);
        byte[] wrapped = new DEROctetString(s.toAsn1()).getEncoded();
        assertEquals(s, DeviceSecurity.fromExtensionValue(wrapped));
      }
    }
  }

  @Test
  void malformedValuesAreRefused() throws Exception {
    byte[] oneField = new DEROctetString(new DERSequence(new ASN1Integer(3))).getEncoded();
    assertThrows(IllegalArgumentException.class, () -> DeviceSecurity.fromExtensionValue(oneField));
    byte[] badLevel =
        new DEROctetString(
                new DERSequence(
                    new org.bouncycastle.asn1.ASN1Encodable[] {
                      new ASN1Integer(9), new org.bouncycastle.asn1.ASN1Enumerated(0)
                    }))
            .getEncoded();
    assertThrows(IllegalArgumentException.class, () -> DeviceSecurity.fromExtensionValue(badLevel));
    assertThrows(
        IllegalArgumentException.class, () -> DeviceSecurity.fromExtensionValue(new byte[] {1}));
  }

  @Test
  void narrowingTakesTheWeakerOfEach() {
    assertEquals(
        new DeviceSecurity(2, Hdcp.V1),
        new DeviceSecurity(3, Hdcp.V1).narrowedTo(new DeviceSecurity(2, Hdcp.V2_2)));
    assertEquals(
        new DeviceSecurity(3, Hdcp.V2_2),
        new DeviceSecurity(3, Hdcp.NO_DIGITAL_OUTPUT).narrowedTo(new DeviceSecurity(5, Hdcp.V2_2)));
  }

  @Test
  void fingerprintsAreNormalizedAsOperatorsPasteThem() {
    String hex = TestDevices.UHD_MODEL.fingerprint();
    StringBuilder colons = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      colons.append(i == 0 ? "" : ":").append(hex, i, i + 2);
    }
    assertEquals(
        Optional.of(hex), Revocation.normalizeFingerprint(colons.toString().toUpperCase()));
    assertEquals(Optional.empty(), Revocation.normalizeFingerprint("abc"));
    assertEquals(Optional.empty(), Revocation.normalizeFingerprint(null));
  }

  @Test
  void theMinterRefusesNamesThatNeedEscaping() {
    DeviceCertificateMinter minter = new DeviceCertificateMinter(TestDevices.CLOCK);
    assertThrows(
        IllegalArgumentException.class,
        () -> minter.root("Root,O=Someone Else", java.time.Duration.ofDays(1)));
  }
}
