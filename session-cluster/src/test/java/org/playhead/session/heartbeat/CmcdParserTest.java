package org.playhead.session.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CmcdParserTest {

  /**
   * Event-mode report with every CMCD v2 key, as written by the encoder the players share:
   * streaming-video-technology-alliance/common-media-library, libs/cmcd/test/data/
   * CMCD_STRING_EVENT.ts. hls.js uses it as {@code @svta/cml-cmcd} (src/controller/
   * cmcd-controller.ts); Shaka vendors it as third_party/cml-cmcd (encode_cmcd.js, cml_sfv.js).
   */
  static final String CML_EVENT =
      "ab=(2500),bg,bl=(5000),br=(200),bs,bsd=(2000),cdn=\"cdn-provider\",cid=\"content-id\","
          + "com.example-exists,com.example-hello=\"world\",com.example-quote=\"\\\"Quote\\\"\","
          + "com.example-testing=1234,com.example-token=s,cs=\"123456\",d=325,dfa=5,dl=10000,e=t,"
          + "ec=(\"ERR001\" \"ERR002\"),lab=(200),lb=(100),ltc=1500,msd=2500,mtp=(10000),"
          + "nor=(\"../testing/3.m4v\"),ot=m,pb=(1000),pt=45000,rtp=8000,sf=d,sid=\"session-id\","
          + "sn=1,st=v,sta=p,su,tab=(3000),tb=(5000),tbl=(8000),tpb=(4000),ts=1640995200000,v=2";

  /**
   * Version 1 query payload from the same library (libs/cmcd/test/data/CMCD_STRING_V1.ts): what
   * dash.js 5.1.1 puts in its {@code CMCD} query parameter (src/streaming/models/CmcdModel.js calls
   * {@code encodeCmcd} from {@code @svta/cml-cmcd}). Scalars, not inner lists; no {@code v}.
   */
  static final String CML_V1 =
      "bl=5000,br=200,bs,cid=\"content-id\",com.example-exists,com.example-hello=\"world\","
          + "com.example-quote=\"\\\"Quote\\\"\",com.example-testing=1234,com.example-token=s,"
          + "d=325,dl=10000,mtp=10000,nor=\"..%2Ftesting%2F3.m4v\",ot=m,rtp=8000,sf=d,"
          + "sid=\"session-id\",st=v,su,tb=5000";

  /** What dash.js and Shaka posted in event mode when tried here (shared/DOMAIN.md section 7). */
  static final String OBSERVED = "cid=\"c1\",e=t,sid=\"s1\",sn=5,sta=p,ts=1718000000000,v=2";

  @Nested
  class RealPayloads {
    @Test
    void readsEveryFieldOfTheSharedEncodersEventReport() {
      CmcdReport r = CmcdParser.parseOne(CML_EVENT);

      assertEquals("session-id", r.sid());
      assertEquals("content-id", r.cid());
      assertEquals(1, r.sn());
      assertEquals(1640995200000L, r.ts());
      assertEquals(45000, r.pt());
      assertEquals(PlayerState.PLAYING, r.sta());
      assertEquals(CmcdEventType.TIME_INTERVAL, r.e());
      assertEquals(5000, r.bl());
      assertEquals(200, r.br());
      assertEquals(10000, r.mtp());
      assertTrue(r.bs());
      assertEquals(List.of("ERR001", "ERR002"), r.ec());
      assertEquals("m", r.ot());
      assertTrue(r.su());
      assertEquals(2, r.v());
      assertEquals("cdn-provider", r.cdn());
      assertNull(r.pathway());
      assertEquals("cdn-provider", r.pathwayId());
    }

    @Test
    void readsVersion1ScalarsAsDashJsSendsThemInTheQuery() {
      CmcdReport r = CmcdParser.parseOne(CML_V1);

      assertEquals(5000, r.bl());
      assertEquals(200, r.br());
      assertEquals(10000, r.mtp());
      assertEquals("session-id", r.sid());
      assertEquals(0, r.v());
      assertEquals(1, r.version());
      assertFalse(r.hasSn());
      assertFalse(r.hasPt());
    }

    @Test
    void readsWhatPlayersPostedHereWithoutPlayhead() {
      CmcdReport r = CmcdParser.parseOne(OBSERVED);

      assertEquals("s1", r.sid());
      assertEquals("c1", r.cid());
      assertEquals(5, r.sn());
      assertEquals(PlayerState.PLAYING, r.sta());
      assertEquals(CmcdEventType.TIME_INTERVAL, r.e());
      assertFalse(r.hasPt());
      assertEquals(CmcdReport.ABSENT, r.pt());
    }

    /**
     * Batched event reports: CmcdReporter joins encoded reports with '\n' and ends the body with
     * '\n' (shaka-player third_party/cml-cmcd/cmcd_reporter.js, sendEventReport_). Keys need not be
     * sorted: the lines are common-media-library libs/cmcd/test/validateCmcdEvents.test.ts.
     */
    @Test
    void readsOneReportPerLineOfABatchedBody() {
      String body =
          "e=ps,sid=\"session-1\",ts=1700000000000,sta=p,v=2\n"
              + "e=t,sid=\"session-1\",ts=1700000001000,bl=(5000),v=2\n";

      List<CmcdReport> reports = CmcdParser.parse(body);

      assertEquals(2, reports.size());
      assertEquals(CmcdEventType.PLAY_STATE, reports.get(0).e());
      assertEquals(PlayerState.PLAYING, reports.get(0).sta());
      assertEquals(1700000000000L, reports.get(0).ts());
      assertEquals(CmcdEventType.TIME_INTERVAL, reports.get(1).e());
      assertEquals(5000, reports.get(1).bl());
      assertEquals(1700000001000L, reports.get(1).ts());
    }

    /**
     * hls.js reports a fatal error as {@code e=e} with {@code ec=("fragLoadError")} and moves to
     * state {@code f} (video-dev/hls.js tests/unit/controller/cmcd-controller.ts, "records error
     * events on fatal errors"); the other keys are the reporter's usual ones.
     */
    @Test
    void readsAnHlsJsFatalErrorEvent() {
      CmcdReport r =
          CmcdParser.parseOne(
              "cid=\"c1\",e=e,ec=(\"fragLoadError\"),sid=\"s1\",sn=2,sta=f,ts=1700000000000,v=2");

      assertEquals(CmcdEventType.ERROR, r.e());
      assertEquals(List.of("fragLoadError"), r.ec());
      assertEquals(PlayerState.FATAL_ERROR, r.sta());
      assertTrue(r.sta().isTerminal());
    }

    /** The four shards of common-media-library libs/cmcd/test/data/CMCD_HEADERS.ts. */
    @Test
    void mergesTheFourHeaderShards() {
      CmcdReport r =
          CmcdParser.parseHeaders(
              "bl=(5000),com.example-quote=\"\\\"Quote\\\"\",com.example-token=s,cs=\"123456\","
                  + "dfa=5,dl=10000,ltc=1500,mtp=(10000),nor=(\"../testing/3.m4v\"),pb=(1000),"
                  + "sn=1,sta=p,su,tbl=(8000)",
              "ab=(2500),br=(200),com.example-hello=\"world\",d=325,lab=(200),lb=(100),ot=m,"
                  + "tab=(3000),tb=(5000),tpb=(4000)",
              "bg,bs,bsd=(2000),cdn=\"cdn-provider\",com.example-exists,"
                  + "ec=(\"ERR001\" \"ERR002\"),pt=45000,rtp=8000",
              "cid=\"content-id\",com.example-testing=1234,msd=2500,sf=d,sid=\"session-id\","
                  + "st=v,v=2");

      assertEquals("session-id", r.sid());
      assertEquals("content-id", r.cid());
      assertEquals(1, r.sn());
      assertEquals(45000, r.pt());
      assertEquals(PlayerState.PLAYING, r.sta());
      assertEquals(5000, r.bl());
      assertEquals(200, r.br());
      assertEquals(10000, r.mtp());
      assertTrue(r.bs());
      assertTrue(r.su());
      assertEquals(List.of("ERR001", "ERR002"), r.ec());
      assertEquals("m", r.ot());
      assertEquals("cdn-provider", r.cdn());
      assertEquals(2, r.v());
      assertNull(r.e());
    }

    @Test
    void headerShardsMayBeMissing() {
      CmcdReport r = CmcdParser.parseHeaders(null, "", "bs", "sid=\"s1\",v=2");

      assertEquals("s1", r.sid());
      assertTrue(r.bs());
    }

    /**
     * v2 inner lists tag items with their object type: as flags in common-media-library
     * libs/cmcd/test/encodeCmcd.test.ts ({@code br=(5000;v 128;a)}), as {@code ot=} in
     * libs/cmcd/test/decodeCmcd.test.ts ({@code br=(3000;ot=v 6000)}). Video wins.
     */
    @Test
    void takesTheVideoItemOfAnObjectTypeList() {
      assertEquals(5000, CmcdParser.parseOne("br=(5000;v 128;a),v=2").br());
      assertEquals(5000, CmcdParser.parseOne("br=(128;a 5000;v),v=2").br());
      assertEquals(6000, CmcdParser.parseOne("br=(128;a 6000;av)").br());
      assertEquals(6000, CmcdParser.parseOne("br=(128;ot=a 6000;ot=v)").br());
      assertEquals(6000, CmcdParser.parseOne("br=(128;a 6000;v=?1)").br());

      CmcdReport r =
          CmcdParser.parseOne(
              "br=(3000;ot=v 6000),com.example-tok=abc,com.example-x=1;p=2,ot=v,su,"
                  + "tab=(3000);p=2,v=2");
      assertEquals(3000, r.br());
      assertEquals("v", r.ot());
      assertTrue(r.su());
    }

    @Test
    void takesTheFirstItemWhenNoneIsVideo() {
      assertEquals(128, CmcdParser.parseOne("bl=(128;a 96;tt)").bl());
      assertEquals(7, CmcdParser.parseOne("mtp=( 7  8 )").mtp());
    }

    @Test
    void anEmptyListMeansNotSent() {
      assertFalse(CmcdParser.parseOne("br=(),sid=\"s\"").hasBr());
    }
  }

  @Nested
  class Syntax {
    @Test
    void unescapesQuotesAndBackslashes() {
      CmcdReport r = CmcdParser.parseOne("cid=\"a\\\"b\\\\c\",sid=\"s\"");

      assertEquals("a\"b\\c", r.cid());
      assertEquals("s", r.sid());
    }

    @Test
    void keepsCommasSpacesAndEqualsInsideStrings() {
      assertEquals("a, b=c (d)", CmcdParser.parseOne("cid=\"a, b=c (d)\"").cid());
    }

    @Test
    void bareKeyIsTrueAndQuestionZeroIsFalse() {
      CmcdReport bare = CmcdParser.parseOne("bs,su");
      assertTrue(bare.bs());
      assertTrue(bare.su());

      CmcdReport explicit = CmcdParser.parseOne("bs=?0,su=?1");
      assertFalse(explicit.bs());
      assertTrue(explicit.su());

      assertFalse(CmcdParser.parseOne("sid=\"s\"").bs());
    }

    @Test
    void ignoresUnknownAndCustomKeysOfEveryType() {
      CmcdReport r =
          CmcdParser.parseOne(
              "a=1,b=-2.5,c=\"x\",com.example-foo=tok/en:1,d=?0,f=:AQID+/==:,"
                  + "i=(1 \"two\" three;p=4),*j,k;l=1;m,nrr=\"0-100\","
                  + "com.example-quote=\"\\\"Quote\\\"\",sn=3");

      assertEquals(3, r.sn());
      assertNull(r.sid());
    }

    @Test
    void rfc9651DatesAndDisplayStringsAreNotRfc8941() {
      // The structured-fields library parses RFC 8941, which has neither; no CMCD key uses them.
      assertEquals(
          8,
          assertThrows(CmcdParseException.class, () -> CmcdParser.parseOne("sn=1,g=@1700000000"))
              .column());
      assertEquals(
          3,
          assertThrows(CmcdParseException.class, () -> CmcdParser.parseOne("h=%\"caf%c3%a9\""))
              .column());
    }

    @Test
    void ignoresParametersOnKnownKeys() {
      CmcdReport r = CmcdParser.parseOne("sn=3;x=1,bs;y,sta=p;z=\"q\"");

      assertEquals(3, r.sn());
      assertTrue(r.bs());
      assertEquals(PlayerState.PLAYING, r.sta());
    }

    @Test
    void acceptsAnyKeyOrderAndOptionalWhitespace() {
      CmcdReport r = CmcdParser.parseOne("  v=2 ,\tsn=9,  sid=\"s\"  ");

      assertEquals(2, r.v());
      assertEquals(9, r.sn());
      assertEquals("s", r.sid());
    }

    @Test
    void aRepeatedKeyKeepsItsLastValue() {
      assertEquals(2, CmcdParser.parseOne("sn=1,sn=2").sn());
    }

    @Test
    void roundsDecimalAmountsButNotCounters() {
      CmcdReport r = CmcdParser.parseOne("pt=1234.5,bl=99.499,mtp=(10.5),ts=1.0");

      assertEquals(1235, r.pt());
      assertEquals(99, r.bl());
      assertEquals(11, r.mtp());
      assertEquals(1, r.ts());
      assertEquals(0, CmcdParser.parseOne("pt=-0.0").pt());
    }

    @Test
    void mapsEveryPlayerStateAndEventType() {
      for (PlayerState state : PlayerState.values()) {
        assertSame(state, CmcdParser.parseOne("sta=" + state.code()).sta());
        assertSame(state, PlayerState.fromCode(state.code()).orElseThrow());
      }
      for (CmcdEventType type : CmcdEventType.values()) {
        if (type != CmcdEventType.UNKNOWN) {
          assertSame(type, CmcdParser.parseOne("e=" + type.code()).e());
          assertSame(type, CmcdEventType.fromCode(type.code()));
        }
      }
      assertTrue(PlayerState.fromCode("z").isEmpty());
      assertTrue(PlayerState.fromCode(null).isEmpty());
    }

    @Test
    void keepsUnknownEventTypesAsUnknown() {
      assertEquals(CmcdEventType.UNKNOWN, CmcdParser.parseOne("e=bc,br=(3000)").e());
      assertEquals(CmcdEventType.UNKNOWN, CmcdParser.parseOne("e=com.example-x").e());
      assertEquals(CmcdEventType.UNKNOWN, CmcdEventType.fromCode("rr"));
      assertEquals(CmcdEventType.UNKNOWN, CmcdEventType.fromCode(null));
    }

    @Test
    void sharesObjectTypeConstantsAndKeepsUnknownOnes() {
      assertSame("av", CmcdParser.parseOne("ot=av").ot());
      assertSame("tt", CmcdParser.parseOne("ot=tt").ot());
      assertEquals("zz", CmcdParser.parseOne("ot=zz").ot());
    }

    @Test
    void readsPlayheadsCustomPathwayKey() {
      CmcdReport r = CmcdParser.parseOne("cdn=\"Akamai\",com.playhead-pathway=\"edge-b\"");

      assertEquals("Akamai", r.cdn());
      assertEquals("edge-b", r.pathway());
      assertEquals("edge-b", r.pathwayId());
    }

    @Test
    void bodiesToleratesCrLfAndBlankLines() {
      List<CmcdReport> reports = CmcdParser.parse("\r\nsn=1\r\n\r\n  \nsn=2\r\n");

      assertEquals(2, reports.size());
      assertEquals(1, reports.get(0).sn());
      assertEquals(2, reports.get(1).sn());
    }

    @Test
    void acceptsTheLargestAllowedBody() {
      String line = "sn=1,sid=\"" + "s".repeat(60) + "\"\n";
      String body = line.repeat(CmcdParser.MAX_REPORTS);

      assertEquals(CmcdParser.MAX_REPORTS, CmcdParser.parse(body).size());
    }

    @Test
    void reportsAreImmutable() {
      List<CmcdReport> reports = CmcdParser.parse("ec=(\"a\" \"b\")");
      assertThrows(UnsupportedOperationException.class, () -> reports.add(null));
      assertThrows(UnsupportedOperationException.class, () -> reports.get(0).ec().add("c"));
    }
  }

  @Nested
  class Errors {
    private CmcdParseException refused(String payload) {
      return assertThrows(CmcdParseException.class, () -> CmcdParser.parseOne(payload));
    }

    private void assertMessage(String expected, String payload) {
      assertEquals(expected, refused(payload).getMessage());
    }

    @Test
    void wrongTypeNamesKeyAndColumn() {
      CmcdParseException e = refused("sid=\"s\",sn=\"x\"");

      assertEquals(
          "payload, column 12: key 'sn': expected an Integer but found a String", e.getMessage());
      assertEquals("payload", e.where());
      assertEquals(12, e.column());
      assertEquals("sn", e.key());
      assertEquals("expected an Integer but found a String", e.reason());
    }

    @Test
    void wrongTypes() {
      assertMessage("payload, column 5: key 'sid': expected a String but found a Token", "sid=abc");
      assertMessage(
          "payload, column 5: key 'sid': expected a String but found an Integer", "sid=12");
      assertMessage(
          "payload, column 4: key 'sn': expected an Integer but found a Decimal", "sn=1.5");
      assertMessage("payload, column 4: key 'bs': expected a Boolean but found an Integer", "bs=1");
      assertMessage(
          "payload, column 5: key 'sta': expected a Token but found a String", "sta=\"p\"");
      assertMessage(
          "payload, column 4: key 'ec': expected an inner list of Strings but found a String",
          "ec=\"E1\"");
      assertMessage(
          "payload, column 4: key 'ec': expected a String in the inner list but found a Token",
          "ec=(E1)");
      assertMessage(
          "payload, column 4: key 'br': expected an Integer or an inner list of Integers"
              + " but found a String",
          "br=\"5\"");
      assertMessage(
          "payload, column 4: key 'br': expected an Integer in the inner list but found a String",
          "br=(\"5\")");
      // A bare key is Boolean true.
      assertMessage("payload, column 1: key 'sid': expected a String but found a Boolean", "sid");
      assertEquals(4, refused("sn=").column());
      assertEquals(5, refused("sid=\u20ac").column());
    }

    @Test
    void outOfRangeValues() {
      for (String key : List.of("sn", "pt", "bl", "br", "mtp", "ts")) {
        assertMessage(
            "payload, column " + (key.length() + 2) + ": key '" + key + "': must not be negative",
            key + "=-1");
      }
      assertMessage("payload, column 4: key 'br': must not be negative", "br=(-3000)");
      assertMessage("payload, column 4: key 'pt': must not be negative", "pt=-0.5");
      assertMessage("payload, column 3: key 'v': must be between 1 and 2147483647", "v=0");
      assertMessage(
          "payload, column 3: key 'v': must be between 1 and 2147483647", "v=999999999999");
    }

    @Test
    void stringsOverTheirLimits() {
      assertMessage(
          "payload, column 5: key 'sid': the string has 65 characters; the maximum is 64",
          "sid=\"" + "a".repeat(65) + "\"");
      CmcdParser.parseOne("sid=\"" + "a".repeat(64) + "\"");
      assertMessage(
          "payload, column 5: key 'cid': the string has 129 characters; the maximum is 128",
          "cid=\"" + "a".repeat(129) + "\"");
      assertMessage(
          "payload, column 5: key 'cdn': the string has 129 characters; the maximum is 128",
          "cdn=\"" + "a".repeat(129) + "\"");
      assertMessage(
          "payload, column 22: key 'com.playhead-pathway': the string has 65 characters;"
              + " the maximum is 64",
          "com.playhead-pathway=\"" + "a".repeat(65) + "\"");
      // An escape counts as one character.
      CmcdParser.parseOne("sid=\"" + "\\\"".repeat(64) + "\"");
    }

    @Test
    void unknownPlayerState() {
      assertMessage(
          "payload, column 5: key 'sta': unknown player state 'z';"
              + " expected one of s, p, k, r, a, w, e, f, q, d",
          "sta=z");
      assertMessage(
          "payload, column 5: key 'sta': unknown player state 'pp';"
              + " expected one of s, p, k, r, a, w, e, f, q, d",
          "sta=pp");
    }

    @Test
    void numbersTooLargeForRfc8941OrALong() {
      // RFC 8941's limits (15 digits; 12 before and 3 after a decimal point), as the library
      // enforces them, for every key, ones Playhead ignores included; the column points at the
      // character at fault.
      assertEquals(19, refused("sn=99999999999999999999").column());
      assertEquals(19, refused("ts=9223372036854775808").column());
      assertEquals(999_999_999_999_999L, CmcdParser.parseOne("sn=999999999999999").sn());
      assertEquals(17, refused("pt=1234567890123.5").column());
      assertEquals(9, refused("pt=1.2345").column());
      assertEquals(5, refused("pt=1.").column());
      assertEquals(5, refused("pt=-x").column());
      assertEquals(20, refused("ltc=1234567890123456").column());
    }

    @Test
    void malformedStrings() {
      assertEquals(9, refused("sid=\"abc").column());
      assertEquals(10, refused("sid=\"abc\\").column());
      assertMessage(
          "payload, column 8: invalid escape sequence character 'n' at 'n'", "sid=\"a\\nb\"");
      assertEquals(7, refused("cid=\"a\u00e9\"").column());
      assertEquals(8, refused("cid=\"a\tb\"").column());
    }

    @Test
    void malformedKeys() {
      assertMessage("payload, column 1: key must start with LCALPHA or '*' at '='", "=1");
      assertEquals(6, refused("sn=1,,sid=\"s\"").column());
      assertMessage("payload, column 1: key must start with LCALPHA or '*' at 'S'", "SID=\"s\"");
      assertEquals(2, refused("sId=\"s\"").column());
      assertEquals(1, refused("1a=2").column());
      assertEquals(2, refused("s!d=1").column());
      assertEquals(10, refused("sn=1;x=1;").column());
    }

    @Test
    void malformedStructure() {
      assertMessage("payload, column 6: found trailing COMMA in Dictionary", "sn=1,");
      assertEquals(6, refused("sn=1, ").column());
      assertMessage("payload, column 5: expected COMMA in Dictionary at 'x'", "sn=1x");
      assertEquals(7, refused("sn=1  2").column());
      assertEquals(8, refused("br=(1 2").column());
      assertEquals(6, refused("br=(1,2)").column());
      assertEquals(5, refused("bs=?2").column());
      assertMessage(
          "payload, column 15: unexpected start character in Bare Item at '<'",
          "com.example-x=<script>");
      assertEquals(19, refused("com.example-x=:AAA").column());
      assertEquals(5, refused("sn=1\nsn=2").column());
    }

    @Test
    void emptyInput() {
      assertMessage("payload: is empty; expected a CMCD report", "");
      assertMessage("payload: is blank; expected a report", "   ");
      CmcdParseException nullPayload =
          assertThrows(CmcdParseException.class, () -> CmcdParser.parseOne(null));
      assertEquals(0, nullPayload.column());
      assertEquals(
          "body: is empty; expected a CMCD report",
          assertThrows(CmcdParseException.class, () -> CmcdParser.parse(null)).getMessage());
      assertEquals(
          "body: has only blank lines; expected a report",
          assertThrows(CmcdParseException.class, () -> CmcdParser.parse("\n\r\n \n")).getMessage());
      assertEquals(
          "CMCD headers: are all missing or blank",
          assertThrows(CmcdParseException.class, () -> CmcdParser.parseHeaders(null, " ", "", null))
              .getMessage());
    }

    @Test
    void bodyErrorsNameTheLine() {
      CmcdParseException e =
          assertThrows(
              CmcdParseException.class, () -> CmcdParser.parse("sn=1\r\nsn=2\nsn=\"x\"\n"));

      assertEquals(
          "line 3, column 4: key 'sn': expected an Integer but found a String", e.getMessage());
      assertEquals("line 3", e.where());
    }

    @Test
    void headerErrorsNameTheHeader() {
      CmcdParseException e =
          assertThrows(
              CmcdParseException.class,
              () -> CmcdParser.parseHeaders("sn=1", null, "bs=yes", "sid=\"s\""));

      assertEquals(
          "CMCD-Status header, column 4: key 'bs': expected a Boolean but found a Token",
          e.getMessage());
    }

    @Test
    void bodyOverTheSizeLimit() {
      String body = "sn=1," + "a=1,".repeat(CmcdParser.MAX_BODY_CHARS / 4) + "b=2";

      assertEquals(
          "body: is 65544 characters long; the limit is 65536",
          assertThrows(CmcdParseException.class, () -> CmcdParser.parse(body)).getMessage());
      assertEquals(
          "payload: is 65544 characters long; the limit is 65536",
          assertThrows(CmcdParseException.class, () -> CmcdParser.parseOne(body)).getMessage());
      String half = "a".repeat(CmcdParser.MAX_BODY_CHARS / 2 + 1);
      assertEquals(
          "CMCD headers: are 65538 characters together; the limit is 65536",
          assertThrows(
                  CmcdParseException.class, () -> CmcdParser.parseHeaders(half, half, null, null))
              .getMessage());
    }

    @Test
    void bodyWithTooManyReports() {
      String body = "sn=1\n".repeat(CmcdParser.MAX_REPORTS + 1);

      assertEquals(
          "body: has more than 100 reports; send fewer per request",
          assertThrows(CmcdParseException.class, () -> CmcdParser.parse(body)).getMessage());
    }

    @Test
    void messagesNeverEchoTheClientsValues() {
      String script = "<script>alert(1)</script>";
      List<String> payloads =
          List.of(
              "sid=\"" + script + "x".repeat(64) + "\"",
              "sn=\"" + script + "\"",
              "sta=" + "p".repeat(100),
              "cid=\"" + script + "\u0000\"",
              "bs=?" + script);

      for (String payload : payloads) {
        String message = refused(payload).getMessage();
        assertFalse(message.contains("script"), message);
        assertTrue(message.length() < 200, message);
      }
    }
  }
}
