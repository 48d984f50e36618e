package org.playhead.session.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.playhead.steering.SteeringAnswer;

class ManifestDecoratorTest {
  static final SteeringAnswer ANSWER =
      new SteeringAnswer(
          "v1",
          "127.0.0.0/8",
          List.of(
              new SteeringAnswer.Choice("cache-a", "http://127.0.0.1:9001/", "embedded", "r"),
              new SteeringAnswer.Choice("cache-b", "http://127.0.0.1:9002/", "exchange", "r"),
              new SteeringAnswer.Choice("origin", "http://127.0.0.1:9000/", "origin", "r")));

  static final String MPD =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT8S">
        <ProgramInformation/>
        <BaseURL>http://old.example/</BaseURL>
        <Period id="0" start="PT0S">
          <AdaptationSet contentType="video">
            <SegmentTemplate media="seg-$Number$.m4s" initialization="init.m4s"/>
          </AdaptationSet>
        </Period>
      </MPD>
      """;

  @Test
  void anMpdGetsOneBaseUrlPerPathwayAndTheSteeringElement() throws Exception {
    String out =
        ManifestDecorator.dash(MPD, "title-1", ANSWER, "http://ph/v1/steering/s/dash.json?st=x");
    assertFalse(out.contains("old.example"), out);
    assertTrue(
        out.contains(
            "<BaseURL serviceLocation=\"cache-a\">http://127.0.0.1:9001/title-1/</BaseURL>"),
        out);
    assertTrue(out.contains("serviceLocation=\"origin\">http://127.0.0.1:9000/title-1/<"), out);
    assertTrue(out.contains("defaultServiceLocation=\"cache-a\""), out);
    assertTrue(out.contains("queryBeforeStart=\"true\""), out);
    assertTrue(out.contains(">http://ph/v1/steering/s/dash.json?st=x</ContentSteering>"), out);
    assertTrue(out.indexOf("<ContentSteering") < out.indexOf("<Period"), out);
    assertTrue(out.indexOf("<ProgramInformation") < out.indexOf("<BaseURL"), out);
  }

  @Test
  void refusesWhatIsNoMpdAndEntities() {
    assertThrows(Exception.class, () -> ManifestDecorator.dash("<html/>", "t", ANSWER, "u"));
    assertThrows(
        Exception.class,
        () ->
            ManifestDecorator.dash(
                "<!DOCTYPE MPD [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><MPD>&x;</MPD>",
                "t",
                ANSWER,
                "u"));
  }

  @Test
  void aMultivariantPlaylistGetsEveryVariantPerPathway() {
    String playlist =
        """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",URI="audio.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS="avc1.64000d",AUDIO="aud"
        media_0.m3u8
        """;
    String out = ManifestDecorator.hls(playlist, "title-1", ANSWER, "http://ph/hls.json?st=x");
    assertTrue(
        out.contains(
            "#EXT-X-CONTENT-STEERING:SERVER-URI=\"http://ph/hls.json?st=x\",PATHWAY-ID=\"cache-a\""),
        out);
    assertTrue(
        out.contains(
            "#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS=\"avc1.64000d\",AUDIO=\"aud-cache-b\",PATHWAY-ID=\"cache-b\"\nhttp://127.0.0.1:9002/title-1/media_0.m3u8\n"),
        out);
    assertTrue(
        out.contains(
            "GROUP-ID=\"aud-origin\",NAME=\"en\",URI=\"http://127.0.0.1:9000/title-1/audio.m3u8\",PATHWAY-ID=\"origin\""),
        out);
    assertEquals(3, out.split("#EXT-X-STREAM-INF").length - 1);
    assertTrue(out.startsWith("#EXTM3U\n#EXT-X-VERSION:7\n"), out);
  }

  @Test
  void steeringAnswersForDashAndHls() {
    Map<String, Object> dash =
        SteeringResponses.dash(ANSWER, List.of(), "/v1/steering/s/dash.json?st=x", 10);
    assertEquals(1, dash.get("VERSION"));
    assertEquals(10L, dash.get("TTL"));
    assertEquals("/v1/steering/s/dash.json?st=x", dash.get("RELOAD-URI"));
    assertEquals(List.of("cache-a", "cache-b", "origin"), dash.get("PATHWAY-PRIORITY"));
    assertEquals(dash.get("PATHWAY-PRIORITY"), dash.get("SERVICE-LOCATION-PRIORITY"));
    assertFalse(dash.containsKey("PATHWAY-CLONES"));
    Map<String, Object> hls = SteeringResponses.hls(ANSWER, List.of(), "/r", 10);
    assertFalse(hls.containsKey("SERVICE-LOCATION-PRIORITY"));
    assertEquals(List.of("cache-a", "cache-b", "origin"), hls.get("PATHWAY-PRIORITY"));
  }

  @Test
  void cachesNotInTheManifestArriveAsClonesOfTheOrigin() {
    SteeringAnswer answer =
        new SteeringAnswer(
            "v2",
            "",
            List.of(
                new SteeringAnswer.Choice("new-1", "https://new-1.cdn.example/m/", "embedded", "r"),
                new SteeringAnswer.Choice("other", "https://other.example:8443/x/", "transit", "r"),
                new SteeringAnswer.Choice(
                    "origin", "https://origin.cdn.example/m/", "origin", "r")));
    Map<String, Object> body = SteeringResponses.hls(answer, List.of("old-1", "origin"), "/r", 10);
    assertEquals(
        List.of(
            Map.of(
                "BASE-ID",
                "origin",
                "ID",
                "new-1",
                "URI-REPLACEMENT",
                Map.of("HOST", "new-1.cdn.example"))),
        body.get("PATHWAY-CLONES"),
        "a cache at another port or path cannot be cloned by host");
  }
}
