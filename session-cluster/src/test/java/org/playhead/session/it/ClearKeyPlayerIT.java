package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.playhead.session.it.clip.CencPackager;
import org.playhead.session.it.clip.ClearClipMaker;
import org.playhead.session.it.clip.ContentKey;
import org.playhead.session.it.clip.DashClip;
import org.playhead.session.it.clip.MediaKind;

/**
 * The real-player script on its own, against a test double of the Clear Key license endpoint
 * (license contract item 3): dash.js in Chromium decrypts and plays our CENC clip with keys it
 * fetched with the token in a header, and reports a license error once the double says the session
 * is over (token in the query this time). ClearKeyPlaybackIT does the same against a real node.
 */
class ClearKeyPlayerIT {
  @TempDir static Path work;

  private static final ContentKey VIDEO = ContentKey.random();
  private static final ContentKey AUDIO = ContentKey.random();
  private static DashClip clip;

  @BeforeAll
  static void packageClip() throws Exception {
    DashClip clear = ClearClipMaker.make(work.resolve("clear"), Duration.ofSeconds(4));
    clip =
        CencPackager.encrypt(
            clear, Map.of(MediaKind.VIDEO, VIDEO, MediaKind.AUDIO, AUDIO), work.resolve("cenc"));
  }

  @Test
  void playsWithGrantedLicensesAndFailsOnceTheSessionIsOver() throws Exception {
    String token = "license-token-" + UUID.randomUUID();

    try (ClearKeyLicenseDouble license =
        ClearKeyLicenseDouble.start(token, List.of(VIDEO, AUDIO))) {
      BrowserScript.Run played =
          ClearKeyPlay.run(
              clip,
              license.licenseUrl(),
              token,
              ClearKeyPlay.TokenIn.HEADER,
              ClearKeyPlay.Expect.PLAY);
      ClearKeyPlay.assertPlayed(played, Set.of(VIDEO.kidBase64Url(), AUDIO.kidBase64Url()));

      license.terminateSession();
      BrowserScript.Run refused =
          ClearKeyPlay.run(
              clip,
              license.licenseUrl(),
              token,
              ClearKeyPlay.TokenIn.QUERY,
              ClearKeyPlay.Expect.LICENSE_ERROR);
      ClearKeyPlay.assertRefused(refused, 403, "session-not-live");

      // The double refused at least what the player saw (a retry may still have been in flight).
      long refusals = license.answered().stream().filter(a -> a.status() == 403).count();
      assertTrue(refusals >= refused.result().path("licenseRequests").size(), refused::describe);
    }
  }

  @Test
  void aWrongTokenGetsNoKeyAndTheScriptSaysSo() throws Exception {
    try (ClearKeyLicenseDouble license =
        ClearKeyLicenseDouble.start("the-right-token", List.of(VIDEO, AUDIO))) {
      // Expecting play, the script must fail: a refused license is never mistaken for playback.
      BrowserScript.Run run =
          ClearKeyPlay.run(
              clip,
              license.licenseUrl(),
              "a-wrong-token",
              ClearKeyPlay.TokenIn.HEADER,
              ClearKeyPlay.Expect.PLAY);

      assertTrue(!run.succeeded(), run::describe);
      assertEquals("license-error", run.result().path("outcome").asText(), run::describe);
      assertEquals(
          401, run.result().path("licenseRequests").get(0).path("status").asInt(), run::describe);
      assertEquals(
          "token-invalid", run.result().path("licenseRequests").get(0).path("reason").asText());
    }
  }
}
