package org.playhead.session.it.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-player clip tooling, end to end with Debian's ffmpeg (an IT because the build installs
 * ffmpeg just before the integration tests): a clear DASH clip, CENC-encrypted with mp4parser,
 * decrypts back to exactly the clear samples; and the check catches a clip that does not.
 */
class ClearKeyClipIT {
  @TempDir static Path work;

  private static DashClip clear;
  private static final ContentKey VIDEO_KEY = ContentKey.random();
  private static final ContentKey AUDIO_KEY = ContentKey.random();
  private static final Map<MediaKind, ContentKey> KEYS =
      Map.of(MediaKind.VIDEO, VIDEO_KEY, MediaKind.AUDIO, AUDIO_KEY);

  @BeforeAll
  static void makeClearClip() throws Exception {
    clear = ClearClipMaker.make(work.resolve("clear"), Duration.ofSeconds(4));
  }

  @Test
  void encryptedClipDecryptsBackToTheClearSamples() throws Exception {
    DashClip encrypted = CencPackager.encrypt(clear, KEYS, work.resolve("encrypted-ok"));

    CencDecryptCheck.Result checked = CencDecryptCheck.verify(clear, encrypted, KEYS);

    List<DashManifest.Representation> reps = DashManifest.read(clear.manifest()).representations();
    int segments = reps.stream().mapToInt(r -> r.mediaSegments().size()).sum();
    assertEquals(2, reps.size(), "one video and one audio representation");
    assertEquals(segments, checked.segments());
    // 4 s of 25 fps video plus about 188 AAC frames (1024 samples at 48 kHz).
    assertTrue(checked.samples() >= 100 + 180, checked::toString);
    assertTrue(checked.subsamples() >= 100, "every video sample has a subsample map: " + checked);
    assertTrue(checked.protectedBytes() > 50_000, checked::toString);
  }

  @Test
  void manifestSignalsCencWithEachTracksKeyIdAndClearKey() throws Exception {
    DashClip encrypted = CencPackager.encrypt(clear, KEYS, work.resolve("encrypted-mpd"));

    String mpd = Files.readString(encrypted.manifest(), StandardCharsets.UTF_8);

    assertTrue(mpd.contains("xmlns:cenc=\"urn:mpeg:cenc:2013\""), mpd);
    assertTrue(mpd.contains("cenc:default_KID=\"" + VIDEO_KEY.kidUuid() + "\""), mpd);
    assertTrue(mpd.contains("cenc:default_KID=\"" + AUDIO_KEY.kidUuid() + "\""), mpd);
    assertEquals(2, count(mpd, "schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\""), mpd);
    assertEquals(2, count(mpd, "schemeIdUri=\"" + DashManifest.CLEAR_KEY_SYSTEM + "\""), mpd);
    assertTrue(
        !mpd.contains(VIDEO_KEY.key()) && !mpd.contains(AUDIO_KEY.key()), "no key in the MPD");
  }

  @Test
  void checkRejectsAWrongKeyAndATamperedSample() throws Exception {
    DashClip encrypted = CencPackager.encrypt(clear, KEYS, work.resolve("encrypted-bad"));

    Map<MediaKind, ContentKey> wrongAudioKey =
        Map.of(
            MediaKind.VIDEO,
            VIDEO_KEY,
            MediaKind.AUDIO,
            new ContentKey(AUDIO_KEY.kid(), ContentKey.random().key()));
    assertThrows(
        AssertionError.class, () -> CencDecryptCheck.verify(clear, encrypted, wrongAudioKey));

    DashManifest.Representation video =
        DashManifest.read(clear.manifest()).representations().get(0);
    Path segment = encrypted.directory().resolve(video.mediaSegments().get(1));
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 100] ^= 0x01; // inside the mdat's last sample
    Files.write(segment, bytes);
    assertThrows(AssertionError.class, () -> CencDecryptCheck.verify(clear, encrypted, KEYS));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
