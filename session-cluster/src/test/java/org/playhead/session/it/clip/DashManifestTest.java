package org.playhead.session.it.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashManifestTest {
  @TempDir Path dir;

  @Test
  void expandsTemplateIdentifiersWithWidths() {
    assertEquals(
        "chunk-stream0-00012.m4s",
        DashManifest.expand("chunk-stream$RepresentationID$-$Number%05d$.m4s", "0", 1, 12, 0));
    assertEquals(
        "v/300000/96000.m4s",
        DashManifest.expand("v/$Bandwidth$/$Time$.m4s", "v", 300000, 1, 96000));
    assertEquals("a$b-7", DashManifest.expand("a$$b-$Number$", "x", 1, 7, 0));
  }

  @Test
  void listsEachRepresentationsSegmentsFromItsTimeline() throws Exception {
    Path mpd = dir.resolve("m.mpd");
    Files.writeString(
        mpd,
        """
        <?xml version="1.0"?>
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static">
          <Period>
            <AdaptationSet contentType="audio">
              <Representation id="a1" bandwidth="64000">
                <SegmentTemplate initialization="init-$RepresentationID$.m4s"
                    media="seg-$RepresentationID$-$Number$.m4s" startNumber="3" timescale="48000">
                  <SegmentTimeline><S t="0" d="47104"/><S d="48128" r="1"/></SegmentTimeline>
                </SegmentTemplate>
              </Representation>
            </AdaptationSet>
          </Period>
        </MPD>
        """);

    List<DashManifest.Representation> reps = DashManifest.read(mpd).representations();

    assertEquals(
        List.of(
            new DashManifest.Representation(
                "a1",
                MediaKind.AUDIO,
                "init-a1.m4s",
                List.of("seg-a1-3.m4s", "seg-a1-4.m4s", "seg-a1-5.m4s"))),
        reps);
  }

  @Test
  void contentKeysAre128BitHexAndNeverPrintTheKey() {
    ContentKey key =
        new ContentKey("00112233445566778899AABBCCDDEEFF", "0123456789abcdef0123456789abcdef");

    assertEquals("00112233-4455-6677-8899-aabbccddeeff", key.kidUuid().toString());
    assertEquals("ABEiM0RVZneImaq7zN3u_w", key.kidBase64Url());
    assertEquals("ContentKey[kid=00112233445566778899aabbccddeeff]", key.toString());
    assertThrows(IllegalArgumentException.class, () -> new ContentKey("0011", key.key()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ContentKey(key.kid(), "zz" + key.key().substring(2)));
  }
}
