package org.playhead.session.heartbeat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 * <p>Strict about what Playhead reads: a malformed payload, a known key with a value of the wrong
 * type or out of range, or a body over {@link #MAX_BODY_CHARS} or {@link #MAX_REPORTS} fails with a
 * {@link CmcdParseException} whose message is safe to return to the client. Lenient where the
 * standard asks for it: unknown keys (other CMCD keys, later versions' keys, custom keys) are
 * checked for syntax and skipped, key order does not matter, a repeated key keeps its last value,
 * and parameters Playhead does not use are ignored. Nothing else is ever thrown, whatever the
 * input.
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
    Reader reader = new Reader(body);
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
        reader.read(lineStart, end, line, null, builder);
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
    new Reader(payload).read(0, payload.length(), 0, "payload", builder);
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
    new Reader(value).read(0, value.length(), 0, name + " header", builder);
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
    PATHWAY(PATHWAY_KEY, "a String");

    private static final Field[] ALL = values();

    final String key;
    final String expected;

    Field(String key, String expected) {
      this.key = key;
      this.expected = expected;
    }

    /** The field named by {@code s[start, end)}, or null; compares in place, no substring. */
    static Field lookup(String s, int start, int end) {
      int length = end - start;
      for (Field field : ALL) {
        if (field.key.length() == length && s.regionMatches(start, field.key, 0, length)) {
          return field;
        }
      }
      return null;
    }
  }

  /** What a value is, judged by its first character (RFC 8941 section 4.2.3.1). */
  private enum Kind {
    STRING("a String"),
    NUMBER("a Number"),
    BOOLEAN("a Boolean"),
    TOKEN("a Token"),
    INNER_LIST("an inner list"),
    BYTES("a Byte Sequence"),
    DATE("a Date"),
    DISPLAY_STRING("a Display String"),
    NOTHING("nothing"),
    INVALID("an illegal character");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /**
   * A cursor over one report. Scanning works on the caller's string by index: the only objects made
   * for a valid report are the strings Playhead keeps.
   */
  private static final class Reader {
    private final String s;
    private int start;
    private int end;
    private int pos;
    private int line;
    private String label;

    // The member being read, for error messages; memberStart < 0 outside a member.
    private int memberStart = -1;
    private int memberEnd;

    // Results of the last scanNumber / scanString.
    private long magnitude;
    private boolean negative;
    private boolean decimal;
    private boolean roundUp;
    private boolean fractionNonZero;
    private int stringLength;
    private boolean escaped;

    Reader(String s) {
      this.s = s;
    }

    /** Reads the dictionary in {@code s[start, end)} into {@code builder}. */
    void read(int start, int end, int line, String label, CmcdReport.Builder builder) {
      this.start = start;
      this.end = end;
      this.pos = start;
      this.line = line;
      this.label = label;
      skipOws();
      while (pos < end) {
        int keyStart = pos;
        readKey();
        memberStart = keyStart;
        memberEnd = pos;
        Field field = Field.lookup(s, keyStart, pos);
        if (pos < end && s.charAt(pos) == '=') {
          pos++;
          if (field == null) {
            skipItemOrInnerList();
          } else {
            readValue(field, builder);
          }
        } else if (field != null) {
          readBareKey(field, builder);
        }
        skipParameters();
        skipOws();
        if (pos == end) {
          break;
        }
        if (s.charAt(pos) != ',') {
          throw fail(pos, "expected ',' or the end after the value but found " + describeAt(pos));
        }
        memberStart = -1;
        pos++;
        skipOws();
        if (pos == end) {
          throw fail(pos, "a ',' must be followed by another member");
        }
      }
      memberStart = -1;
    }

    private void readValue(Field field, CmcdReport.Builder b) {
      switch (field) {
        case SID -> b.sid(readString(field, HeartbeatValidation.MAX_SID_LENGTH));
        case CID -> b.cid(readString(field, HeartbeatValidation.MAX_CID_LENGTH));
        case CDN -> b.cdn(readString(field, HeartbeatValidation.MAX_CDN_LENGTH));
        case PATHWAY -> b.pathway(readString(field, HeartbeatValidation.MAX_PATHWAY_LENGTH));
        case SN -> b.sn(readInteger(field));
        case V -> b.v(readVersion());
        case TS -> b.ts(readAmount(field));
        case PT -> b.pt(readAmount(field));
        case BL -> b.bl(readAmountOrList(field));
        case BR -> b.br(readAmountOrList(field));
        case MTP -> b.mtp(readAmountOrList(field));
        case STA -> b.sta(readState());
        case E -> b.e(readEventType());
        case OT -> b.ot(readObjectType());
        case BS -> b.bs(readBoolean(field));
        case SU -> b.su(readBoolean(field));
        case EC -> b.ec(readStringList(field));
      }
    }

    /** A key without {@code =} is Boolean true, which only the boolean keys may be. */
    private void readBareKey(Field field, CmcdReport.Builder b) {
      switch (field) {
        case BS -> b.bs(true);
        case SU -> b.su(true);
        default ->
            throw fail(
                memberStart,
                "expected " + field.expected + " but found no value (a bare key means true)");
      }
    }

    // ---- typed values of known keys ----

    private String readString(Field field, int maxLength) {
      expect(field.expected, Kind.STRING);
      int valueStart = pos;
      int close = scanString();
      if (stringLength > maxLength) {
        throw fail(
            valueStart,
            "the string has " + stringLength + " characters; the maximum is " + maxLength);
      }
      return escaped ? unescape(valueStart + 1, close) : s.substring(valueStart + 1, close);
    }

    /** A non-negative Integer; a Decimal is refused (for counters and versions). */
    private long readInteger(Field field) {
      expect(field.expected, Kind.NUMBER);
      int valueStart = pos;
      scanNumber();
      if (decimal) {
        throw fail(valueStart, "expected " + field.expected + " but found a Decimal");
      }
      if (negative && magnitude != 0) {
        throw fail(valueStart, "must not be negative");
      }
      return magnitude;
    }

    private int readVersion() {
      int valueStart = pos;
      long version = readInteger(Field.V);
      if (version < 1 || version > Integer.MAX_VALUE) {
        throw fail(valueStart, "must be between 1 and " + Integer.MAX_VALUE);
      }
      return (int) version;
    }

    /**
     * A non-negative amount of ms or kbps. CMCD says Integer, but a Decimal is rounded rather than
     * refused: players compute these from floating-point clocks and estimates.
     */
    private long readAmount(Field field) {
      expect(field.expected, Kind.NUMBER);
      return scanAmount();
    }

    private long scanAmount() {
      int valueStart = pos;
      scanNumber();
      if (negative && (magnitude != 0 || fractionNonZero)) {
        throw fail(valueStart, "must not be negative");
      }
      return roundUp ? magnitude + 1 : magnitude;
    }

    /**
     * An amount, or a v2 inner list of amounts, one per object type ({@code br=(5000;v 128;a)}):
     * the item marked video ({@code v} or {@code av}, as a flag or as {@code ot=}) wins, else the
     * first. An empty list means the key was not sent.
     */
    private long readAmountOrList(Field field) {
      Kind kind = kindAt(pos);
      if (kind == Kind.NUMBER) {
        return scanAmount();
      }
      expect(field.expected, Kind.INNER_LIST);
      pos++;
      long first = CmcdReport.ABSENT;
      long video = CmcdReport.ABSENT;
      while (true) {
        skipSpaces();
        if (atInnerListEnd()) {
          return video != CmcdReport.ABSENT ? video : first;
        }
        expect("an Integer in the inner list", Kind.NUMBER);
        long amount = scanAmount();
        boolean isVideo = skipParameters();
        if (first == CmcdReport.ABSENT) {
          first = amount;
        }
        if (isVideo && video == CmcdReport.ABSENT) {
          video = amount;
        }
        expectInnerListSeparator();
      }
    }

    private PlayerState readState() {
      expect(Field.STA.expected, Kind.TOKEN);
      int tokenStart = pos;
      scanToken();
      PlayerState state = pos - tokenStart == 1 ? PlayerState.byCode(s.charAt(tokenStart)) : null;
      if (state == null) {
        throw fail(
            tokenStart,
            "unknown player state "
                + quoteToken(tokenStart, pos)
                + "; expected one of s, p, k, r, a, w, e, f, q, d");
      }
      return state;
    }

    private CmcdEventType readEventType() {
      expect(Field.E.expected, Kind.TOKEN);
      int tokenStart = pos;
      scanToken();
      return CmcdEventType.fromCode(s, tokenStart, pos);
    }

    /** The object type, as a shared constant when it is one CMCD defines. */
    private String readObjectType() {
      expect(Field.OT.expected, Kind.TOKEN);
      int tokenStart = pos;
      scanToken();
      int length = pos - tokenStart;
      char c0 = s.charAt(tokenStart);
      if (length == 1) {
        switch (c0) {
          case 'm':
            return "m";
          case 'a':
            return "a";
          case 'v':
            return "v";
          case 'i':
            return "i";
          case 'c':
            return "c";
          case 'k':
            return "k";
          case 'o':
            return "o";
          default:
            break;
        }
      } else if (length == 2 && c0 == 'a' && s.charAt(tokenStart + 1) == 'v') {
        return "av";
      } else if (length == 2 && c0 == 't' && s.charAt(tokenStart + 1) == 't') {
        return "tt";
      }
      // A type from a later CMCD version: keep it, Playhead does not depend on it.
      return s.substring(tokenStart, pos);
    }

    private boolean readBoolean(Field field) {
      expect(field.expected, Kind.BOOLEAN);
      return scanBoolean();
    }

    private List<String> readStringList(Field field) {
      expect(field.expected, Kind.INNER_LIST);
      pos++;
      String first = null;
      List<String> all = null;
      while (true) {
        skipSpaces();
        if (atInnerListEnd()) {
          break;
        }
        expect("a String in the inner list", Kind.STRING);
        int valueStart = pos;
        int close = scanString();
        String item =
            escaped ? unescape(valueStart + 1, close) : s.substring(valueStart + 1, close);
        skipParameters();
        if (first == null) {
          first = item;
        } else {
          if (all == null) {
            all = new ArrayList<>(4);
            all.add(first);
          }
          all.add(item);
        }
        expectInnerListSeparator();
      }
      return all != null ? all : first != null ? List.of(first) : List.of();
    }

    // ---- generic RFC 8941 syntax, for unknown keys and parameters ----

    private void skipItemOrInnerList() {
      if (kindAt(pos) != Kind.INNER_LIST) {
        skipBareItem();
        return;
      }
      pos++;
      while (true) {
        skipSpaces();
        if (atInnerListEnd()) {
          return;
        }
        skipBareItem();
        skipParameters();
        expectInnerListSeparator();
      }
    }

    private void skipBareItem() {
      switch (kindAt(pos)) {
        case STRING -> scanString();
        case NUMBER -> scanNumber();
        case BOOLEAN -> scanBoolean();
        case TOKEN -> scanToken();
        case BYTES -> scanBytes();
        case DATE -> scanDate();
        case DISPLAY_STRING -> scanDisplayString();
        default -> throw fail(pos, "expected a value but found " + describeAt(pos));
      }
    }

    /**
     * Skips parameters ({@code ;key} or {@code ;key=value}) and says whether one marks the item as
     * video: CMCD v2 tags inner-list items with their object type as a flag ({@code 5000;v}) or, in
     * some encoders, as {@code ot=v}.
     */
    private boolean skipParameters() {
      boolean video = false;
      while (pos < end && s.charAt(pos) == ';') {
        pos++;
        skipSpaces();
        int keyStart = pos;
        readKey();
        int keyEnd = pos;
        if (pos < end && s.charAt(pos) == '=') {
          pos++;
          int valueStart = pos;
          Kind kind = kindAt(pos);
          if (kind == Kind.TOKEN && isKey(keyStart, keyEnd, "ot")) {
            scanToken();
            video |= isVideoType(valueStart, pos);
          } else if (kind == Kind.BOOLEAN && isVideoType(keyStart, keyEnd)) {
            video |= scanBoolean();
          } else {
            skipBareItem();
          }
        } else {
          video |= isVideoType(keyStart, keyEnd);
        }
      }
      return video;
    }

    private boolean isKey(int from, int to, String key) {
      return to - from == key.length() && s.regionMatches(from, key, 0, key.length());
    }

    private boolean isVideoType(int from, int to) {
      return isKey(from, to, "v") || isKey(from, to, "av");
    }

    /** RFC 8941 key: {@code [a-z*][a-z0-9_.*-]*}. */
    private void readKey() {
      if (pos >= end) {
        throw fail(pos, "expected a key but the report ends");
      }
      char c = s.charAt(pos);
      if (!(isLower(c) || c == '*')) {
        if (isUpper(c)) {
          throw fail(pos, "keys must be lower-case but found " + describe(c));
        }
        if (c == '=' || c == ',' || c == ';') {
          throw fail(pos, "empty key before " + describe(c));
        }
        throw fail(
            pos, "a key must start with a lower-case letter or '*' but found " + describe(c));
      }
      pos++;
      while (pos < end && isKeyChar(s.charAt(pos))) {
        pos++;
      }
      if (pos < end && isUpper(s.charAt(pos))) {
        throw fail(pos, "keys must be lower-case but found " + describeAt(pos));
      }
    }

    /**
     * RFC 8941 String: printable ASCII between double quotes, {@code \"} and {@code \\} the only
     * escapes. Leaves pos after the closing quote and returns its index.
     */
    private int scanString() {
      int open = pos;
      int length = 0;
      boolean anyEscape = false;
      int p = open + 1;
      while (p < end) {
        char c = s.charAt(p);
        if (c == '"') {
          pos = p + 1;
          stringLength = length;
          escaped = anyEscape;
          return p;
        }
        if (c == '\\') {
          if (p + 1 >= end) {
            break;
          }
          char next = s.charAt(p + 1);
          if (next != '"' && next != '\\') {
            throw fail(
                p,
                "bad escape in a string: '\\' may only precede '\"' or '\\', not "
                    + describe(next));
          }
          anyEscape = true;
          p += 2;
        } else if (c < 0x20 || c > 0x7E) {
          throw fail(p, "illegal character " + describe(c) + " in a string (printable ASCII only)");
        } else {
          p++;
        }
        length++;
      }
      throw fail(open, "unterminated string: no closing '\"'");
    }

    private String unescape(int from, int to) {
      StringBuilder sb = new StringBuilder(to - from);
      for (int p = from; p < to; p++) {
        char c = s.charAt(p);
        if (c == '\\') {
          c = s.charAt(++p);
        }
        sb.append(c);
      }
      return sb.toString();
    }

    /**
     * RFC 8941 Integer (at most 15 digits) or Decimal (at most 12 digits, '.', 1 to 3 digits).
     * Leaves the integer digits in {@link #magnitude} and the sign in {@link #negative}; for a
     * Decimal, sets {@link #decimal}, and {@link #roundUp} when the fraction is .5 or more. The
     * digit limits keep every value well inside a long.
     */
    private void scanNumber() {
      int valueStart = pos;
      int p = pos;
      boolean minus = s.charAt(p) == '-';
      if (minus) {
        p++;
      }
      if (p >= end || !isDigit(s.charAt(p))) {
        throw fail(valueStart, "'-' must be followed by a digit");
      }
      int digitsStart = p;
      long value = 0;
      while (p < end && isDigit(s.charAt(p))) {
        if (p - digitsStart == 15) {
          throw fail(valueStart, "the number has more than 15 digits (too large)");
        }
        value = value * 10 + (s.charAt(p) - '0');
        p++;
      }
      boolean isDecimal = false;
      boolean up = false;
      boolean nonZeroFraction = false;
      if (p < end && s.charAt(p) == '.') {
        if (p - digitsStart > 12) {
          throw fail(valueStart, "a Decimal may have at most 12 digits before the '.'");
        }
        p++;
        int fractionStart = p;
        while (p < end && isDigit(s.charAt(p))) {
          if (p - fractionStart == 3) {
            throw fail(valueStart, "a Decimal may have at most 3 digits after the '.'");
          }
          nonZeroFraction |= s.charAt(p) != '0';
          p++;
        }
        if (p == fractionStart) {
          throw fail(valueStart, "a Decimal must have a digit after the '.'");
        }
        isDecimal = true;
        up = s.charAt(fractionStart) >= '5';
      }
      pos = p;
      magnitude = value;
      negative = minus;
      decimal = isDecimal;
      roundUp = up;
      fractionNonZero = nonZeroFraction;
    }

    /** RFC 8941 Boolean: {@code ?0} or {@code ?1}. */
    private boolean scanBoolean() {
      int valueStart = pos;
      pos++;
      if (pos < end && (s.charAt(pos) == '0' || s.charAt(pos) == '1')) {
        return s.charAt(pos++) == '1';
      }
      throw fail(valueStart, "a Boolean must be '?0' or '?1'");
    }

    /** RFC 8941 Token: ALPHA or '*', then tchar, ':' or '/'. */
    private void scanToken() {
      pos++;
      while (pos < end && isTokenChar(s.charAt(pos))) {
        pos++;
      }
    }

    /** RFC 8941 Byte Sequence: base64 between colons. */
    private void scanBytes() {
      int open = pos;
      pos++;
      while (pos < end) {
        char c = s.charAt(pos);
        if (c == ':') {
          pos++;
          return;
        }
        if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
          throw fail(pos, "illegal character " + describe(c) + " in a Byte Sequence");
        }
        pos++;
      }
      throw fail(open, "unterminated Byte Sequence: no closing ':'");
    }

    /** RFC 9651 Date: {@code @} and an Integer. */
    private void scanDate() {
      int valueStart = pos;
      pos++;
      if (kindAt(pos) != Kind.NUMBER) {
        throw fail(valueStart, "a Date must be '@' followed by an Integer");
      }
      scanNumber();
      if (decimal) {
        throw fail(valueStart, "a Date must be an Integer");
      }
    }

    /** RFC 9651 Display String: {@code %"}, printable ASCII or {@code %xx}, {@code "}. */
    private void scanDisplayString() {
      int open = pos;
      if (pos + 1 >= end || s.charAt(pos + 1) != '"') {
        throw fail(open, "a Display String must start with '%\"'");
      }
      pos += 2;
      while (pos < end) {
        char c = s.charAt(pos);
        if (c == '"') {
          pos++;
          return;
        }
        if (c == '%') {
          if (pos + 2 >= end || !isLowerHex(s.charAt(pos + 1)) || !isLowerHex(s.charAt(pos + 2))) {
            throw fail(
                pos, "'%' in a Display String must be followed by two lower-case hex digits");
          }
          pos += 3;
        } else if (c < 0x20 || c > 0x7E) {
          throw fail(pos, "illegal character " + describe(c) + " in a Display String");
        } else {
          pos++;
        }
      }
      throw fail(open, "unterminated Display String: no closing '\"'");
    }

    /** At the closing ')' of an inner list: consume it; at the end of input: fail. */
    private boolean atInnerListEnd() {
      if (pos >= end) {
        throw fail(pos, "unterminated inner list: no closing ')'");
      }
      if (s.charAt(pos) == ')') {
        pos++;
        return true;
      }
      return false;
    }

    private void expectInnerListSeparator() {
      if (pos < end && s.charAt(pos) != ' ' && s.charAt(pos) != ')') {
        throw fail(pos, "expected ' ' or ')' in an inner list but found " + describeAt(pos));
      }
    }

    private void expect(String expected, Kind want) {
      Kind got = kindAt(pos);
      if (got != want) {
        String found = got == Kind.INVALID ? describeAt(pos) : got.description;
        throw fail(pos, "expected " + expected + " but found " + found);
      }
    }

    private Kind kindAt(int p) {
      if (p >= end) {
        return Kind.NOTHING;
      }
      char c = s.charAt(p);
      if (c == '"') {
        return Kind.STRING;
      }
      if (c == '-' || isDigit(c)) {
        return Kind.NUMBER;
      }
      if (isAlpha(c) || c == '*') {
        return Kind.TOKEN;
      }
      return switch (c) {
        case '?' -> Kind.BOOLEAN;
        case '(' -> Kind.INNER_LIST;
        case ':' -> Kind.BYTES;
        case '@' -> Kind.DATE;
        case '%' -> Kind.DISPLAY_STRING;
        default -> Kind.INVALID;
      };
    }

    private void skipOws() {
      while (pos < end && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private void skipSpaces() {
      while (pos < end && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    // ---- errors ----

    private CmcdParseException fail(int at, String reason) {
      String where = label != null ? label : "line " + line;
      String key = memberStart >= 0 ? keyName(memberStart, memberEnd) : null;
      return new CmcdParseException(where, at - start + 1, key, reason);
    }

    /** The key as sent; safe to echo (key characters only), shortened if long. */
    private String keyName(int from, int to) {
      return to - from > 40 ? s.substring(from, from + 40) + "..." : s.substring(from, to);
    }

    /** A token as sent, quoted; safe to echo (token characters only), shortened if long. */
    private String quoteToken(int from, int to) {
      String token = to - from > 16 ? s.substring(from, from + 16) + "..." : s.substring(from, to);
      return "'" + token + "'";
    }

    private String describeAt(int p) {
      return p >= end ? "the end of the report" : describe(s.charAt(p));
    }

    /** A character for a message: quoted if printable ASCII, else its code point. */
    private static String describe(char c) {
      if (c > ' ' && c < 0x7F) {
        return "'" + c + "'";
      }
      if (c == ' ') {
        return "a space";
      }
      return String.format("U+%04X", (int) c);
    }

    // ---- character classes ----

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isLower(char c) {
      return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
      return c >= 'A' && c <= 'Z';
    }

    private static boolean isAlpha(char c) {
      return isLower(c) || isUpper(c);
    }

    private static boolean isLowerHex(char c) {
      return isDigit(c) || (c >= 'a' && c <= 'f');
    }

    private static boolean isKeyChar(char c) {
      return isLower(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*';
    }

    /** RFC 9110 tchar, plus ':' and '/' which RFC 8941 tokens allow. */
    private static boolean isTokenChar(char c) {
      if (isAlpha(c) || isDigit(c)) {
        return true;
      }
      return switch (c) {
        case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~', ':', '/' ->
            true;
        default -> false;
      };
    }
  }
}
