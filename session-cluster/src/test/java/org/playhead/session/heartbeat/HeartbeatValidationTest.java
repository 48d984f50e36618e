package org.playhead.session.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.session.heartbeat.HeartbeatValidation.Violation;

class HeartbeatValidationTest {

  private static List<String> fields(CmcdReport report) {
    return HeartbeatValidation.validate(report).stream().map(Violation::field).toList();
  }

  @Test
  void realPlayerReportsAreValid() {
    assertEquals(
        List.of(), HeartbeatValidation.validate(CmcdParser.parseOne(CmcdParserTest.CML_EVENT)));
    assertEquals(
        List.of(), HeartbeatValidation.validate(CmcdParser.parseOne(CmcdParserTest.OBSERVED)));
    assertEquals(List.of(), HeartbeatValidation.validate(CmcdReport.builder().build()));
  }

  @Test
  void acceptsEveryLimitExactly() {
    CmcdReport atLimits =
        CmcdReport.builder()
            .sid("a".repeat(HeartbeatValidation.MAX_SID_LENGTH))
            .cid("c".repeat(HeartbeatValidation.MAX_CID_LENGTH))
            .sn(0)
            .ts(0)
            .pt(HeartbeatValidation.MAX_PLAYHEAD_MS)
            .bl(HeartbeatValidation.MAX_BUFFER_MS)
            .br(HeartbeatValidation.MAX_BITRATE_KBPS)
            .mtp(HeartbeatValidation.MAX_BITRATE_KBPS)
            .ec(Collections.nCopies(HeartbeatValidation.MAX_ERROR_CODES, "E"))
            .cdn("d".repeat(HeartbeatValidation.MAX_CDN_LENGTH))
            .pathway("p".repeat(HeartbeatValidation.MAX_PATHWAY_LENGTH))
            .v(2)
            .build();

    assertEquals(List.of(), HeartbeatValidation.validate(atLimits));
  }

  @Test
  void listsEveryProblemAtOnce() {
    CmcdReport bad =
        CmcdReport.builder()
            .sid("has space")
            .cid("")
            .sn(-1)
            .ts(-5)
            .pt(HeartbeatValidation.MAX_PLAYHEAD_MS + 1)
            .bl(-1)
            .br(HeartbeatValidation.MAX_BITRATE_KBPS + 1)
            .mtp(-2)
            .ec(List.of("ok", "bad\u0007"))
            .v(-1)
            .cdn("x".repeat(HeartbeatValidation.MAX_CDN_LENGTH + 1))
            .pathway("edge/b")
            .build();

    assertEquals(
        List.of("sid", "cid", "sn", "ts", "pt", "bl", "br", "mtp", "ec", "v", "cdn", "pathway"),
        fields(bad));
  }

  @Test
  void messagesStateTheRule() {
    List<Violation> violations =
        HeartbeatValidation.validate(
            CmcdReport.builder()
                .pt(HeartbeatValidation.MAX_PLAYHEAD_MS + 1)
                .sn(-3)
                .sid("<script>")
                .build());

    assertEquals(
        List.of(
            new Violation("sid", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'"),
            new Violation("sn", "is -3; it must be 0 or more"),
            new Violation("pt", "is 172800001; it must be between 0 and 172800000 ms (48 h)")),
        violations);
  }

  @Test
  void sessionIds() {
    assertTrue(HeartbeatValidation.isValidSessionId("6e2fb550-c457-11e9-bb97-0800200c9a66"));
    assertTrue(HeartbeatValidation.isValidSessionId("urn:x.y_z-1"));
    assertFalse(HeartbeatValidation.isValidSessionId(""));
    assertFalse(HeartbeatValidation.isValidSessionId(null));
    assertFalse(HeartbeatValidation.isValidSessionId("a".repeat(65)));
    assertFalse(HeartbeatValidation.isValidSessionId("a b"));
    assertFalse(HeartbeatValidation.isValidSessionId("caf\u00e9"));
    assertFalse(HeartbeatValidation.isValidSessionId("a/b"));
  }

  @Test
  void contentIdsAndCdns() {
    assertTrue(HeartbeatValidation.isValidContentId("Big Buck Bunny (4K) \u00e9"));
    assertFalse(HeartbeatValidation.isValidContentId("a\nb"));
    assertFalse(HeartbeatValidation.isValidContentId("a".repeat(129)));
    assertTrue(HeartbeatValidation.isValidCdn("Akamai EU"));
    assertFalse(HeartbeatValidation.isValidCdn(""));
  }

  @Test
  void pathwayIds() {
    assertTrue(HeartbeatValidation.isValidPathwayId("cdn-a"));
    assertTrue(HeartbeatValidation.isValidPathwayId("CDN_B.eu"));
    assertFalse(HeartbeatValidation.isValidPathwayId("cdn a"));
    assertFalse(HeartbeatValidation.isValidPathwayId("cdn:a"));
    assertFalse(HeartbeatValidation.isValidPathwayId(""));
    assertFalse(HeartbeatValidation.isValidPathwayId("p".repeat(65)));
  }

  @Test
  void errorCodeLimits() {
    assertEquals(
        List.of(new Violation("ec", "has 33 codes; the limit is 32")),
        HeartbeatValidation.validate(
            CmcdReport.builder().ec(Collections.nCopies(33, "E")).build()));
    assertEquals(List.of("ec"), fields(CmcdReport.builder().ec(List.of("x".repeat(129))).build()));
    assertEquals(List.of("ec"), fields(CmcdReport.builder().ec(List.of("")).build()));
  }

  @Test
  void absentNumbersAreNotChecked() {
    CmcdReport report = CmcdReport.builder().sid("s").build();

    assertFalse(report.hasSn());
    assertEquals(List.of(), HeartbeatValidation.validate(report));
  }

  @Test
  void parsedReportsWithinCmcdButOutsidePlayheadLimitsAreFlagged() {
    CmcdReport parsed = CmcdParser.parseOne("pt=999999999999,bl=(3600001),sid=\"a b\"");

    assertEquals(List.of("sid", "pt", "bl"), fields(parsed));
  }
}
