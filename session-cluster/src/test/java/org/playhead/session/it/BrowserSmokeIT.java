package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The machine's Chromium can do what the real-player tests rely on: MSE with H.264/AAC in MP4 and
 * the W3C Clear Key CDM. When this fails, the player tests' failures are about the machine.
 */
class BrowserSmokeIT {
  @Test
  void chromiumHasMediaSourceAndClearKey() throws Exception {
    BrowserScript.Run run = BrowserScript.run("smoke.mjs", Duration.ofSeconds(60));

    assertTrue(run.succeeded(), run::describe);
    assertTrue(run.result().path("clearKey").asBoolean(), run::describe);
    assertTrue(run.result().path("mseH264").asBoolean(), run::describe);
  }
}
