package org.playhead.license.ledger;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.NotSerializableException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.playhead.license.Hdcp;
import org.playhead.license.LicenseFormat;
import org.playhead.license.TrackType;
import org.playhead.license.ledger.LicenseLedger.LicenseDenied;
import org.playhead.license.ledger.LicenseLedger.LicenseIssued;
import org.playhead.license.policy.LicensePolicy;
import org.playhead.license.policy.PolicySettings;
import org.playhead.testkit.GoldenBytes;

/**
 * Every persisted LicenseLedger event and snapshot shape, against fixed bytes in {@code
 * src/test/resources/golden/ledger}. A failure means stored ledgers would stop reading: add a new
 * manifest version instead. Write fixtures for a NEW version only, with {@code
 * -Dplayhead.golden.write=true}.
 */
class LedgerEventSerializerTest {
  private final LedgerEventSerializer serializer = new LedgerEventSerializer();

  static final LicensePolicy STREAMING =
      LicensePolicy.streaming(
          PolicySettings.defaults(), 3, Hdcp.V2_2, EnumSet.allOf(TrackType.class));
  static final LicensePolicy PERSISTENT =
      LicensePolicy.persistent(
          PolicySettings.defaults(), 1, Hdcp.NONE, EnumSet.of(TrackType.AUDIO, TrackType.SD));

  static Map<String, Object> fixtures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put(
        "LicenseIssued.v1",
        new LicenseIssued(
            "4f0c1e7a-2b6d-4c8e-9a1f-3d5b7e9c0a12",
            LicenseFormat.WIDEVINE,
            false,
            List.of("00112233445566778899aabbccddeeff", "ffeeddccbbaa99887766554433221100"),
            List.of("0123456789abcdef0123456789abcdef"),
            EnumSet.of(TrackType.SD, TrackType.UHD),
            STREAMING,
            "tv-1",
            "",
            "",
            1_700_000_000_000L));
    // Since device certificates: the fingerprints of the device's and its model's certificate.
    f.put(
        "LicenseIssued.v1-certified",
        new LicenseIssued(
            "7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09",
            LicenseFormat.WIDEVINE,
            false,
            List.of("00112233445566778899aabbccddeeff"),
            List.of(),
            EnumSet.of(TrackType.UHD),
            STREAMING,
            "tv-1",
            "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9f",
            1_800_000_000_000L));
    f.put(
        "LicenseIssued.v1-clearkey-renewal",
        new LicenseIssued(
            "9a1f3d5b-7e9c-4a12-8f0c-1e7a2b6d4c8e",
            LicenseFormat.CLEAR_KEY,
            true,
            List.of(),
            List.of(),
            EnumSet.noneOf(TrackType.class),
            PERSISTENT,
            "browser-1",
            "",
            "",
            1_700_000_300_000L));
    f.put(
        "LicenseDenied.v1",
        new LicenseDenied(
            LicenseFormat.PLAYREADY,
            true,
            "session-not-live",
            "The session has ended (evicted); start a new one.",
            List.of("00112233445566778899aabbccddeeff"),
            "tv-1",
            "",
            "",
            1_700_000_600_000L));
    f.put(
        "LicenseDenied.v1-revoked",
        new LicenseDenied(
            LicenseFormat.WIDEVINE,
            false,
            "device-certificate-revoked",
            "The device's model certificate was revoked.",
            List.of("00112233445566778899aabbccddeeff"),
            "tv-1",
            "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9f",
            1_800_000_000_000L));
    f.put("LedgerSnapshot.v1", new LicenseLedger.State(3, 2, 1, 1_700_000_600_000L));
    return f;
  }

  static Stream<Arguments> cases() {
    return fixtures().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenBytesStillReadAndWriteTheSame(String fixture, Object value) throws Exception {
    GoldenBytes.check("ledger", fixture, value, serializer);
  }

  @Test
  void unknownManifestsAndCorruptBytesFailClearly() {
    assertThrows(
        NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "Nope.v9"));
    assertThrows(
        NotSerializableException.class,
        () -> serializer.fromBinary(new byte[] {(byte) 0xff, 0x01}, "LicenseIssued.v1"));
  }
}
