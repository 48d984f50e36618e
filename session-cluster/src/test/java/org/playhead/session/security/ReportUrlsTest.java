package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.playhead.session.ManualClock;

class ReportUrlsTest {
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final ReportUrls urls =
      new ReportUrls("k".repeat(32).getBytes(StandardCharsets.UTF_8), Duration.ofHours(24), clock);

  private static String rt(String path) {
    return path.substring(path.indexOf("rt=") + 3);
  }

  @Test
  void aReportUrlSignsItsOneSessionUntilTheSessionsMaximumLife() {
    String path = urls.path("s-1", clock.millis());
    assertTrue(path.startsWith("/v1/sessions/s-1/heartbeats?rt="), path);
    assertEquals(ReportUrls.Check.VALID, urls.check("s-1", rt(path)));
    assertEquals(ReportUrls.Check.INVALID, urls.check("s-2", rt(path)));
    clock.advance(Duration.ofHours(24));
    assertEquals(ReportUrls.Check.EXPIRED, urls.check("s-1", rt(path)));
  }

  @Test
  void aTamperedExpiryOrSignatureIsInvalid() {
    String rt = rt(urls.path("s-1", clock.millis()));
    String later =
        (Long.parseLong(rt.substring(0, rt.indexOf('.'))) + 3600) + rt.substring(rt.indexOf('.'));
    assertEquals(ReportUrls.Check.INVALID, urls.check("s-1", later));
    assertEquals(
        ReportUrls.Check.INVALID, urls.check("s-1", rt.substring(0, rt.length() - 1) + "A"));
    assertEquals(ReportUrls.Check.INVALID, urls.check("s-1", "nonsense"));
    assertEquals(ReportUrls.Check.INVALID, urls.check("s-1", null));
  }

  @Test
  void anotherKeyPurposeSignsDifferently() {
    ReportUrls other =
        new ReportUrls(
            "j".repeat(32).getBytes(StandardCharsets.UTF_8), Duration.ofHours(24), clock);
    assertEquals(
        ReportUrls.Check.INVALID, other.check("s-1", rt(urls.path("s-1", clock.millis()))));
  }
}
