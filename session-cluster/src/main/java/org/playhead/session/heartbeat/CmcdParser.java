package org.playhead.session.heartbeat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.greenbytes.http.sfv.BooleanItem;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.DecimalItem;
import org.greenbytes.http.sfv.Dictionary;
import org.greenbytes.http.sfv.InnerList;
import org.greenbytes.http.sfv.IntegerItem;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.ParseException;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.StringItem;
import org.greenbytes.http.sfv.TokenItem;

/**
 * Parses CMCD (CTA-5004 / CTA-5004-B, Common Media Client Data) payloads into {@link CmcdReport}s.
 *
 * <p>The wire format, as the players' shared encoder writes it ({@code @svta/cml-cmcd}, used by
 * dash.js and hls.js and vendored by Shaka as {@code third_party/cml-cmcd}): a Structured Field
 * Dictionary (RFC 8941 section 3.2) without whitespace, members sorted by key, e.g. {@code
 * bl=(5000),br=(200),bs,cdn="cdn-a",cid="c1",e=t,ec=("E1" "E2"),ot=m,sid="s1",sn=1,sta=p,su,
 * ts=1640995200000,v=2}:
 *
 * <ul>
 *   <li>keys are lower-case ({@code [a-z*][a-z0-9_.*-]*}); custom keys contain a hyphen, like
 *       {@code com.example-foo};
 *   <li>strings are double-quoted, printable ASCII, with {@code \"} and {@code \\} the only
 *       escapes; tokens are bare ({@code sta=p}, {@code ot=av}, {@code e=ps});
 *   <li>a true boolean is the bare key ({@code bs}), false is {@code bs=?0};
 *   <li>integers have at most 15 digits, decimals at most 12 digits before the point and 3 after;
 *   <li>version 2 sends {@code bl}, {@code br}, {@code mtp} as inner lists, optionally with
 *       object-type parameters ({@code br=(5000;v 128;a)}); version 1 sends plain integers. {@code
 *       ec} is an inner list of strings in both.
 * </ul>
 *
 * <p>Where it arrives: event mode POSTs {@value #MEDIA_TYPE} bodies of one report per line, lines
 * ending in {@code \n} ({@link #parse}); request mode puts one report in the {@value
 * #QUERY_PARAMETER} query parameter ({@link #parseOne} on the decoded value) or splits it over four
 * headers ({@link #parseHeaders}).
 *
 * <p>The syntax is RFC 8941's, parsed by {@code org.greenbytes.http:structured-fields} (a
 * Dictionary per report); this class adds what CMCD and Playhead ask of the values. Strict about
 * what Playhead reads: a malformed payload, a known key with a value of the wrong type or out of
 * range, or a body over {@link #MAX_BODY_CHARS} or {@link #MAX_REPORTS} fails with a {@link
 * CmcdParseException} whose message is safe to return to the client (it names positions, keys and
 * types, never the client's values). Lenient where the standard asks for it: unknown keys (other
 * CMCD keys, later versions' keys, custom keys) are checked for syntax and skipped, key order does
 * not matter, a repeated key keeps its last value, and parameters Playhead does not use are
 * ignored. Nothing else is ever thrown, whatever the input.
 */
public final class CmcdParser {

  /** The media type of an event-mode body. */
  public static final String MEDIA_TYPE = "application/cmcd";

  /** The query parameter of request mode. */
  public static final String QUERY_PARAMETER = "CMCD";

  public static final String HEADER_REQUEST = "CMCD-Request";
  public static final String HEADER_OBJECT = "CMCD-Object";
  public static final String HEADER_STATUS = "CMCD-Status";
  public static final String HEADER_SESSION = "CMCD-Session";

  /** Playhead's custom key for the steering pathway in use; see {@link CmcdReport#pathway()}. */
  public static final String PATHWAY_KEY = "com.playhead-pathway";

  /** The longest payload accepted, in characters (CMCD is ASCII, so also in bytes): 64 KiB. */
  public static final int MAX_BODY_CHARS = 64 * 1024;

  /** The most reports accepted in one event-mode body. */
  public static final int MAX_REPORTS = 100;

  private CmcdParser() {}

  /**
   * Parses an event-mode body: one report per line, lines separated by {@code \n} or {@code \r\n};
   * blank lines (players end the body with a newline) are skipped. Errors name the line.
   *
   * @return the reports in body order, at least one
   * @throws CmcdParseException if the body is empty, too large, or any line is refused
   */
  public static List<CmcdReport> parse(String body) {
    checkSize(body, "body");
    List<CmcdReport> reports = new ArrayList<>(4);
    int lineStart = 0;
    int line = 1;
    while (true) {
      int newline = body.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? body.length() : newline;
      int end = lineEnd > lineStart && body.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
      if (!isBlank(body, lineStart, end)) {
        if (reports.size() == MAX_REPORTS) {
          throw new CmcdParseException(
              "body", 0, null, "has more than " + MAX_REPORTS + " reports; send fewer per request");
        }
        CmcdReport.Builder builder = CmcdReport.builder();
        read(body.substring(lineStart, end), "line " + line, builder);
        reports.add(builder.build());
      }
      if (newline < 0) {
        break;
      }
      lineStart = newline + 1;
      line++;
    }
    if (reports.isEmpty()) {
      throw new CmcdParseException("body", 0, null, "has only blank lines; expected a report");
    }
    return Collections.unmodifiableList(reports);
  }

  /**
   * Parses one report: the decoded value of the {@value #QUERY_PARAMETER} query parameter, or one
   * line of a body. Errors name the column.
   *
   * @throws CmcdParseException if the payload is empty, too large or refused
   */
  public static CmcdReport parseOne(String payload) {
    checkSize(payload, "payload");
    if (isBlank(payload, 0, payload.length())) {
      throw new CmcdParseException("payload", 0, null, "is blank; expected a report");
    }
    CmcdReport.Builder builder = CmcdReport.builder();
    read(payload, "payload", builder);
    return builder.build();
  }

  /**
   * Parses request mode's four header shards ({@value #HEADER_REQUEST}, {@value #HEADER_OBJECT},
   * {@value #HEADER_STATUS}, {@value #HEADER_SESSION}) into one report. Any may be null or blank; a
   * key may come in any of them (players move keys between shards), and a key sent twice keeps the
   * value of the later argument. Errors name the header.
   *
   * @throws CmcdParseException if all four are blank, they are too large together, or one is
   *     refused
   */
  public static CmcdReport parseHeaders(
      String request, String object, String status, String session) {
    long total = length(request) + length(object) + length(status) + length(session);
    if (total > MAX_BODY_CHARS) {
      throw new CmcdParseException(
          "CMCD headers", 0, null, tooLong("are " + total + " characters together"));
    }
    CmcdReport.Builder builder = CmcdReport.builder();
    boolean any = readHeader(request, HEADER_REQUEST, builder);
    any |= readHeader(object, HEADER_OBJECT, builder);
    any |= readHeader(status, HEADER_STATUS, builder);
    any |= readHeader(session, HEADER_SESSION, builder);
    if (!any) {
      throw new CmcdParseException("CMCD headers", 0, null, "are all missing or blank");
    }
    return builder.build();
  }

  private static boolean readHeader(String value, String name, CmcdReport.Builder builder) {
    if (value == null || isBlank(value, 0, value.length())) {
      return false;
    }
    read(value, name + " header", builder);
    return true;
  }

  private static void checkSize(String payload, String what) {
    if (payload == null || payload.isEmpty()) {
      throw new CmcdParseException(what, 0, null, "is empty; expected a CMCD report");
    }
    if (payload.length() > MAX_BODY_CHARS) {
      throw new CmcdParseException(
          what, 0, null, tooLong("is " + payload.length() + " characters long"));
    }
  }

  private static String tooLong(String actual) {
    return actual + "; the limit is " + MAX_BODY_CHARS;
  }

  private static long length(String s) {
    return s == null ? 0 : s.length();
  }

  private static boolean isBlank(String s, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  /** The keys Playhead reads, with the type each must have (named as in RFC 8941). */
  private enum Field {
    SID("sid", "a String"),
    CID("cid", "a String"),
    SN("sn", "an Integer"),
    TS("ts", "an Integer"),
    PT("pt", "an Integer"),
    STA("sta", "a Token"),
    E("e", "a Token"),
    BL("bl", "an Integer or an inner list of Integers"),
    BR("br", "an Integer or an inner list of Integers"),
    MTP("mtp", "an Integer or an inner list of Integers"),
    BS("bs", "a Boolean"),
    EC("ec", "an inner list of Strings"),
    OT("ot", "a Token"),
    SU("su", "a Boolean"),
    V("v", "an Integer"),
    CDN("cdn", "a String"),
    MSD("msd", "an Integer"),
    PATHWAY(PATHWAY_KEY, "a String");

    private static final Map<String, Field> BY_KEY = byKey();

    final String key;
    final String expected;

    Field(String key, String expected) {
      this.key = key;
      this.expected = expected;
    }

    private static Map<String, Field> byKey() {
      Map<String, Field> all = new java.util.HashMap<>();
      for (Field f : values()) {
        all.put(f.key, f);
      }
      return Map.copyOf(all);
    }
  }

  /** Reads one report (an RFC 8941 Dictionary) into {@code builder}. */
  private static void read(String line, String where, CmcdReport.Builder builder) {
    // RFC 8941 section 4.2: leading and trailing spaces are discarded (tabs too: header OWS).
    int from = 0;
    int to = line.length();
    while (from < to && (line.charAt(from) == ' ' || line.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (line.charAt(to - 1) == ' ' || line.charAt(to - 1) == '\t')) {
      to--;
    }
    String text = line.substring(from, to);
    int offset = from;
    Dictionary dictionary;
    try {
      dictionary = Parser.parseDictionary(text);
    } catch (ParseException e) {
      // The library's message names the character at fault; its diagnostics (which echo the
      // input) are never used.
      throw new CmcdParseException(where, offset + e.getPosition() + 1, null, reason(e));
    } catch (IllegalArgumentException e) {
      throw new CmcdParseException(where, 0, null, "is not a CMCD report");
    }
    for (Map.Entry<String, ListElement<? extends Object>> member : dictionary.get().entrySet()) {
      Field field = Field.BY_KEY.get(member.getKey());
      if (field != null) {
        new Value(field, member.getValue(), where, line).into(builder);
      }
    }
  }

  /**
   * The library's reason, cut before anything it quotes of the input (it names values in some
   * messages), and the one character at fault.
   */
  private static String reason(ParseException e) {
    String base = e.getMessage() == null ? "malformed" : e.getMessage();
    for (String cut : List.of(": ", " after ", " at position", ", in", ", found", ", got")) {
      int at = base.indexOf(cut);
      if (at > 0) {
        base = base.substring(0, at);
      }
    }
    String data = e.getData();
    int position = e.getPosition();
    String where =
        data != null && position >= 0 && position < data.length()
            ? " at " + describe(data.charAt(position))
            : "";
    return Character.toLowerCase(base.charAt(0)) + base.substring(1) + where;
  }

  /** A character for a message: quoted if printable ASCII, else its code point. */
  private static String describe(char c) {
    if (c > ' ' && c < 0x7F) {
      return "'" + c + "'";
    }
    return c == ' ' ? "a space" : String.format("U+%04X", (int) c);
  }

  /** One known key's value, checked against what CMCD and Playhead allow. */
  private record Value(
      Field field, ListElement<? extends Object> element, String where, String line) {
    void into(CmcdReport.Builder b) {
      switch (field) {
        case SID -> b.sid(string(HeartbeatValidation.MAX_SID_LENGTH));
        case CID -> b.cid(string(HeartbeatValidation.MAX_CID_LENGTH));
        case CDN -> b.cdn(string(HeartbeatValidation.MAX_CDN_LENGTH));
        case PATHWAY -> b.pathway(string(HeartbeatValidation.MAX_PATHWAY_LENGTH));
        case SN -> b.sn(integer());
        case V -> b.v(version());
        case TS -> b.ts(amount(element));
        case PT -> b.pt(amount(element));
        case MSD -> b.msd(amount(element));
        case BL -> b.bl(amountOrList());
        case BR -> b.br(amountOrList());
        case MTP -> b.mtp(amountOrList());
        case STA -> b.sta(state());
        case E -> b.e(CmcdEventType.fromCode(token()));
        case OT -> b.ot(objectType(token()));
        case BS -> b.bs(bool());
        case SU -> b.su(bool());
        case EC -> b.ec(strings());
      }
    }

    private CmcdParseException fail(String reason) {
      return new CmcdParseException(where, valueColumn(), field.key, reason);
    }

    /**
     * Where this key's value starts in the line (1-based), for the message: the library gives
     * members without positions, so the key is found again, its last occurrence at a member's start
     * (a repeated key keeps its last value). Runs only for a refused value.
     */
    private int valueColumn() {
      String key = field.key;
      for (int at = line.lastIndexOf(key); at >= 0; at = line.lastIndexOf(key, at - 1)) {
        int before = at - 1;
        while (before >= 0 && (line.charAt(before) == ' ' || line.charAt(before) == '\t')) {
          before--;
        }
        int after = at + key.length();
        boolean memberStart = before < 0 || line.charAt(before) == ',';
        if (memberStart && (after == line.length() || "=,;".indexOf(line.charAt(after)) >= 0)) {
          return after < line.length() && line.charAt(after) == '=' ? after + 2 : at + 1;
        }
        if (at == 0) {
          break;
        }
      }
      return 0;
    }

    private CmcdParseException wrongType(Object found) {
      return fail("expected " + field.expected + " but found " + kind(found));
    }

    private String string(int maxLength) {
      if (!(element instanceof StringItem s)) {
        throw wrongType(element);
      }
      String value = s.get();
      if (value.length() > maxLength) {
        throw fail("the string has " + value.length() + " characters; the maximum is " + maxLength);
      }
      return value;
    }

    private String token() {
      if (!(element instanceof TokenItem t)) {
        throw wrongType(element);
      }
      return t.get();
    }

    private boolean bool() {
      if (!(element instanceof BooleanItem b)) {
        throw wrongType(element);
      }
      return b.get();
    }

    /** A non-negative Integer; a Decimal is refused (for counters and versions). */
    private long integer() {
      if (!(element instanceof IntegerItem i)) {
        throw wrongType(element);
      }
      if (i.getAsLong() < 0) {
        throw fail("must not be negative");
      }
      return i.getAsLong();
    }

    private int version() {
      long version = integer();
      if (version < 1 || version > Integer.MAX_VALUE) {
        throw fail("must be between 1 and " + Integer.MAX_VALUE);
      }
      return (int) version;
    }

    /**
     * A non-negative amount of ms or kbps. CMCD says Integer, but a Decimal is rounded rather than
     * refused: players compute these from floating-point clocks and estimates.
     */
    private long amount(Object item) {
      if (item instanceof IntegerItem i) {
        if (i.getAsLong() < 0) {
          throw fail("must not be negative");
        }
        return i.getAsLong();
      }
      if (item instanceof DecimalItem d) {
        BigDecimal value = d.get();
        if (value.signum() < 0) {
          throw fail("must not be negative");
        }
        return value.setScale(0, RoundingMode.HALF_UP).longValueExact();
      }
      throw wrongType(item);
    }

    /**
     * An amount, or a v2 inner list of amounts, one per object type ({@code br=(5000;v 128;a)}):
     * the item marked video ({@code v} or {@code av}, as a flag or as {@code ot=}) wins, else the
     * first. An empty list means the key was not sent.
     */
    private long amountOrList() {
      if (!(element instanceof InnerList list)) {
        return amount(element);
      }
      long first = CmcdReport.ABSENT;
      for (Item<? extends Object> item : list.get()) {
        if (!(item instanceof IntegerItem) && !(item instanceof DecimalItem)) {
          throw fail("expected an Integer in the inner list but found " + kind(item));
        }
        long value = amount(item);
        if (isVideo(item)) {
          return value;
        }
        if (first == CmcdReport.ABSENT) {
          first = value;
        }
      }
      return first;
    }

    private static boolean isVideo(Item<? extends Object> item) {
      var params = item.getParams();
      if (params.containsKey("v") || params.containsKey("av")) {
        Object flag = params.get(params.containsKey("v") ? "v" : "av");
        return !(flag instanceof BooleanItem b) || b.get();
      }
      return params.get("ot") instanceof TokenItem ot
          && (ot.get().equals("v") || ot.get().equals("av"));
    }

    private List<String> strings() {
      if (!(element instanceof InnerList list)) {
        throw wrongType(element);
      }
      List<String> values = new ArrayList<>(list.get().size());
      for (Item<? extends Object> item : list.get()) {
        if (!(item instanceof StringItem s)) {
          throw fail("expected a String in the inner list but found " + kind(item));
        }
        values.add(s.get());
      }
      return values;
    }

    private PlayerState state() {
      String token = token();
      PlayerState state = PlayerState.fromCode(token).orElse(null);
      if (state == null) {
        throw fail(
            "unknown player state '"
                + (token.length() > 16 ? token.substring(0, 16) + "..." : token)
                + "'; expected one of s, p, k, r, a, w, e, f, q, d");
      }
      return state;
    }

    /** The object type, as a shared constant when it is one CMCD defines. */
    private static String objectType(String token) {
      return switch (token) {
        case "m", "a", "v", "av", "i", "c", "tt", "k", "o" -> token.intern();
        // A type from a later CMCD version: kept, Playhead does not depend on it.
        default -> token;
      };
    }

    /** What a value is, named as in RFC 8941. */
    private static String kind(Object value) {
      if (value instanceof StringItem) {
        return "a String";
      } else if (value instanceof TokenItem) {
        return "a Token";
      } else if (value instanceof IntegerItem) {
        return "an Integer";
      } else if (value instanceof DecimalItem) {
        return "a Decimal";
      } else if (value instanceof BooleanItem) {
        return "a Boolean";
      } else if (value instanceof ByteSequenceItem) {
        return "a Byte Sequence";
      } else if (value instanceof InnerList) {
        return "an inner list";
      }
      return "another type";
    }
  }
}
