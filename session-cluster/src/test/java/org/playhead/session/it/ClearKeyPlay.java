package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.playhead.session.it.clip.DashClip;

/**
 * Runs deploy/browser/clearkey-play.mjs: dash.js in Chromium plays an encrypted clip with keys from
 * a Clear Key license URL, and reports what the player and the license server did.
 */
public final class ClearKeyPlay {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private ClearKeyPlay() {}

  public enum Expect {
    PLAY("play"),
    LICENSE_ERROR("license-error");

    final String flag;

    Expect(String flag) {
      this.flag = flag;
    }
  }

  public enum TokenIn {
    HEADER,
    QUERY
  }

  public static BrowserScript.Run run(
      DashClip clip, String licenseUrl, String token, TokenIn tokenIn, Expect expect)
      throws IOException, InterruptedException {
    return BrowserScript.run(
        "clearkey-play.mjs",
        TIMEOUT,
        "--clip",
        clip.directory().toString(),
        "--manifest",
        clip.manifestName(),
        "--license-url",
        licenseUrl,
        "--token",
        token,
        "--token-in",
        tokenIn.name().toLowerCase(Locale.ROOT),
        "--expect",
        expect.flag);
  }

  /** The player played past 2 s, decoding frames, with every license request granted. */
  public static void assertPlayed(BrowserScript.Run run, Set<String> kids) {
    assertTrue(run.succeeded(), run::describe);
    JsonNode result = run.result();
    assertEquals("play", result.path("outcome").asText(), run::describe);
    assertTrue(result.path("currentTime").asDouble() >= 2.0, run::describe);
    assertTrue(result.path("totalVideoFrames").asInt() > 0, run::describe);
    Set<String> asked = new HashSet<>();
    for (JsonNode request : result.path("licenseRequests")) {
      assertEquals(200, request.path("status").asInt(), run::describe);
      request.path("kids").forEach(kid -> asked.add(kid.asText()));
    }
    assertEquals(kids, asked, "the player asked for the clip's key ids: " + run.describe());
  }

  /** Every license request was refused with this status and reason; nothing played. */
  public static void assertRefused(BrowserScript.Run run, int status, String reason) {
    assertTrue(run.succeeded(), run::describe);
    JsonNode result = run.result();
    assertEquals("license-error", result.path("outcome").asText(), run::describe);
    assertTrue(result.path("licenseRequests").size() > 0, run::describe);
    int withReason = 0;
    for (JsonNode request : result.path("licenseRequests")) {
      assertEquals(status, request.path("status").asInt(), run::describe);
      // A retry still in flight when the page closes keeps its status but loses its body
      // ("unreadable"); every body that was read must carry the reason.
      if (!request.path("body").asText().equals("unreadable")) {
        assertEquals(reason, request.path("reason").asText(), run::describe);
        withReason++;
      }
    }
    assertTrue(withReason > 0, run::describe);
    assertEquals(0, result.path("totalVideoFrames").asInt(), run::describe);
  }
}
