package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.playhead.session.it.clip.CencDecryptCheck;
import org.playhead.session.it.clip.CencPackager;
import org.playhead.session.it.clip.ClearClipMaker;
import org.playhead.session.it.clip.ContentKey;
import org.playhead.session.it.clip.DashClip;
import org.playhead.session.it.clip.MediaKind;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * Issue 4's real-player proof, end to end on a real node: the packager takes a fresh title's
 * content keys from Playhead's vault, CENC-encrypts a clip with them, and dash.js in Chromium plays
 * it with licenses from Playhead's Clear Key endpoint under the session's license token; once care
 * terminates the session, a fresh player with the same token gets a license error (403
 * session-not-live) and plays nothing.
 */
@ExtendWith(NodeLogsOnFailure.class)
class ClearKeyPlaybackIT {
  private static final String PACKAGER = TestTokens.get().packager("packager-clearkey-it");
  private static final String CARE = TestTokens.get().care("agent-clearkey-it");

  @TempDir Path work;

  @Test
  void vaultKeysPlayInChromiumUntilCareTerminatesTheSession() throws Exception {
    try (NodeProcess node = NodeProcess.start("clearkey", Map.of())) {
      NodeLogsOnFailure.watch(node);
      PlayerHttp http = new PlayerHttp(node.baseUrl());
      String title = "title-" + UUID.randomUUID();

      // License contract item 1: the packager's view of the vault.
      String contentKeys = "/v1/titles/" + title + "/content-keys";
      String wanted = "{\"trackTypes\":[\"AUDIO\",\"SD\"]}";
      PlayerHttp.Answer keys = http.post(contentKeys, "application/json", wanted, PACKAGER);
      assertEquals(200, keys.status(), () -> "content keys: " + keys);
      Map<String, ContentKey> byTrackType = contentKeysByTrackType(keys.body());
      PlayerHttp.Answer again = http.post(contentKeys, "application/json", wanted, PACKAGER);
      assertEquals(byTrackType, contentKeysByTrackType(again.body()), "the vault keeps its keys");
      ContentKey sd = byTrackType.get("SD");
      ContentKey audio = byTrackType.get("AUDIO");

      DashClip clear = ClearClipMaker.make(work.resolve("clear"), Duration.ofSeconds(4));
      DashClip clip =
          CencPackager.encrypt(
              clear, Map.of(MediaKind.VIDEO, sd, MediaKind.AUDIO, audio), work.resolve("cenc"));
      CencDecryptCheck.verify(clear, clip, Map.of(MediaKind.VIDEO, sd, MediaKind.AUDIO, audio));

      // Contract item 2: StartPlayback hands the player a license token and the license URL.
      String sessionId = "it-" + UUID.randomUUID();
      PlayerHttp.Answer started = http.start(sessionId, "acc-" + UUID.randomUUID(), title);
      assertEquals(201, started.status(), () -> "start: " + started);
      JsonNode license = started.body().path("license");
      String token = license.path("token").asText();
      String licenseUrl = node.baseUrl() + license.path("clearKeyUrl").asText();
      assertTrue(!token.isEmpty(), () -> "no license token in " + started);
      Set<String> allowed = new HashSet<>();
      license.path("trackTypes").forEach(t -> allowed.add(t.asText()));
      assertTrue(allowed.containsAll(Set.of("AUDIO", "SD")), () -> "track types: " + license);

      // Contract item 3, from a real player: the token as a bearer header.
      BrowserScript.Run played =
          ClearKeyPlay.run(
              clip, licenseUrl, token, ClearKeyPlay.TokenIn.HEADER, ClearKeyPlay.Expect.PLAY);
      ClearKeyPlay.assertPlayed(played, Set.of(sd.kidBase64Url(), audio.kidBase64Url()));

      // Contract item 4: care terminates; the same token then gets no key (in the query this time).
      PlayerHttp.Answer terminated =
          http.post(
              "/v1/care/sessions/" + sessionId + "/terminate",
              "application/json",
              "{\"why\":\"clear key real-player test\"}",
              CARE);
      assertEquals(200, terminated.status(), () -> "terminate: " + terminated);
      BrowserScript.Run refused =
          ClearKeyPlay.run(
              clip,
              licenseUrl,
              token,
              ClearKeyPlay.TokenIn.QUERY,
              ClearKeyPlay.Expect.LICENSE_ERROR);
      ClearKeyPlay.assertRefused(refused, 403, "session-not-live");
    }
  }

  /** {"keys":[{"trackType","kid","key"}...]} as content keys by track type. */
  private static Map<String, ContentKey> contentKeysByTrackType(JsonNode body) {
    Map<String, ContentKey> keys = new HashMap<>();
    for (JsonNode entry : body.path("keys")) {
      keys.put(
          entry.path("trackType").asText(),
          new ContentKey(entry.path("kid").asText(), entry.path("key").asText()));
    }
    assertEquals(Set.of("AUDIO", "SD"), keys.keySet(), () -> "content keys: " + body);
    return keys;
  }
}
