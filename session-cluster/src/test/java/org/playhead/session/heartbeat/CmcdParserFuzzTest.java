package org.playhead.session.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the input, the parser returns reports within CMCD's limits or throws {@link
 * CmcdParseException}; never a NumberFormatException, IndexOutOfBoundsException or anything else.
 * Fixed seeds, so a failure reproduces.
 */
class CmcdParserFuzzTest {

  private static final List<String> SEEDS =
      List.of(
          CmcdParserTest.CML_EVENT,
          CmcdParserTest.CML_V1,
          CmcdParserTest.OBSERVED,
          "e=ps,sid=\"session-1\",ts=1700000000000,sta=p,v=2\n"
              + "e=t,sid=\"session-1\",ts=1700000001000,bl=(5000),v=2\n",
          "br=(5000;v 128;a),mtp=(10.5;ot=v),bs=?0,su=?1,cid=\"a\\\"b\\\\c\"",
          "a=-2.5,f=:AQID+/==:,g=@1700000000,h=%\"caf%c3%a9\",i=(1 \"two\" three;p=4),*j,k;l=1;m",
          "com.playhead-pathway=\"edge-b\",cdn=\"x\",ec=(\"E1\" \"E2\"),ot=av,pt=99999999999999");

  /** Characters that matter to the grammar, plus some it must refuse. */
  private static final String INTERESTING =
      "\"\\,;=()?:@%*-. \t\r\n0123456789eE+/aAzZ_~`!|\u0000\u007f\u00e9\u20ac\ud83d\ude00\ud800";

  @Test
  void mutatedRealPayloadsOnlyEverFailWithCmcdParseException() {
    Random random = new Random(20_240_501L);
    for (int i = 0; i < 4_000; i++) {
      String seed = SEEDS.get(random.nextInt(SEEDS.size()));
      String input = mutate(seed, random, 1 + random.nextInt(4));
      checkAllEntryPoints(input);
    }
  }

  @Test
  void randomBytesOnlyEverFailWithCmcdParseException() {
    Random random = new Random(42L);
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      checkAllEntryPoints(new String(bytes, StandardCharsets.ISO_8859_1));
      checkAllEntryPoints(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Test
  void randomGrammarSoupOnlyEverFailsWithCmcdParseException() {
    Random random = new Random(7L);
    String alphabet = INTERESTING + "sidcnbltpmruvo";
    for (int i = 0; i < 3_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(60);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      checkAllEntryPoints(sb.toString());
    }
  }

  @Test
  void mutationsFindBothOutcomes() {
    // Guards the property tests against testing nothing: a fair share of mutants must parse and
    // a fair share must be refused.
    Random random = new Random(1L);
    int parsed = 0;
    int refused = 0;
    for (int i = 0; i < 1_000; i++) {
      try {
        CmcdParser.parse(mutate(SEEDS.get(i % SEEDS.size()), random, 1));
        parsed++;
      } catch (CmcdParseException e) {
        refused++;
      }
    }
    assertTrue(parsed > 100, "parsed " + parsed);
    assertTrue(refused > 100, "refused " + refused);
    assertEquals(1_000, parsed + refused);
  }

  private static void checkAllEntryPoints(String input) {
    check(input, in -> CmcdParser.parse(in));
    check(input, in -> List.of(CmcdParser.parseOne(in)));
    check(input, in -> List.of(CmcdParser.parseHeaders(in, null, in, "sid=\"s\"")));
  }

  private static void check(String input, Function<String, List<CmcdReport>> parser) {
    try {
      for (CmcdReport report : parser.apply(input)) {
        assertWithinCmcdLimits(report, input);
      }
    } catch (CmcdParseException e) {
      assertTrue(e.column() >= 0, e::getMessage);
      assertTrue(!e.reason().isEmpty(), e::getMessage);
    } catch (RuntimeException | Error e) {
      fail("input " + escape(input) + " threw " + e, e);
    }
  }

  private static void assertWithinCmcdLimits(CmcdReport r, String input) {
    String at = escape(input);
    assertTrue(r.sid() == null || r.sid().length() <= 64, at);
    assertTrue(r.cid() == null || r.cid().length() <= 128, at);
    assertTrue(r.pathway() == null || r.pathway().length() <= 64, at);
    for (long value : new long[] {r.sn(), r.ts(), r.pt(), r.bl(), r.br(), r.mtp()}) {
      assertTrue(value == CmcdReport.ABSENT || value >= 0, at);
    }
    assertTrue(r.v() >= 0, at);
  }

  private static String mutate(String seed, Random random, int times) {
    StringBuilder sb = new StringBuilder(seed);
    for (int i = 0; i < times; i++) {
      int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
      char c = INTERESTING.charAt(random.nextInt(INTERESTING.length()));
      switch (random.nextInt(6)) {
        case 0 -> sb.insert(at, c);
        case 1 -> {
          if (sb.length() > 0) {
            sb.setCharAt(at, c);
          }
        }
        case 2 -> {
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
        }
        case 3 -> sb.setLength(at);
        case 4 -> {
          int end = Math.min(sb.length(), at + random.nextInt(12));
          sb.insert(at, sb.substring(at, end));
        }
        default -> sb.insert(at, (char) random.nextInt(0x80));
      }
    }
    return sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.append('"').toString();
  }
}
