package org.playhead.session.heartbeat;

/**
 * The CMCD v2 event type, key {@code e} (CTA-5004-B "Event"), sent as a token such as {@code e=t}.
 *
 * <p>Only the events Playhead acts on are named. CTA-5004-B defines more ({@code bc} bitrate
 * change, {@code pr} playback rate, {@code m}/{@code um} mute, {@code rr} response received, ad
 * events, {@code ce} custom, ...) and later revisions may add others, so any other token maps to
 * {@link #UNKNOWN} instead of failing the report: the rest of the report is still a heartbeat.
 */
public enum CmcdEventType {
  /** {@code t}: the periodic report sent every interval (30 s by default). */
  TIME_INTERVAL("t"),
  /** {@code ps}: the player state ({@code sta}) changed. */
  PLAY_STATE("ps"),
  /** {@code e}: an error; the codes are in {@code ec}. */
  ERROR("e"),
  /** {@code c}: the content id ({@code cid}) changed. */
  CONTENT_CHANGE("c"),
  /** {@code b}: the application entered or left the background. */
  BACKGROUNDED("b"),
  /** Any other event token; it has no code of its own ({@link #code()} is empty). */
  UNKNOWN("");

  private final String code;

  CmcdEventType(String code) {
    this.code = code;
  }

  /** The token sent on the wire, e.g. {@code "ps"}; empty for {@link #UNKNOWN}. */
  public String code() {
    return code;
  }

  /** The event type for a wire token; {@link #UNKNOWN} for any other token, including null. */
  public static CmcdEventType fromCode(String code) {
    return code == null ? UNKNOWN : fromCode(code, 0, code.length());
  }

  /** Allocation-free lookup of {@code s[start, end)} for the parser. */
  static CmcdEventType fromCode(String s, int start, int end) {
    int length = end - start;
    if (length == 1) {
      return switch (s.charAt(start)) {
        case 't' -> TIME_INTERVAL;
        case 'e' -> ERROR;
        case 'c' -> CONTENT_CHANGE;
        case 'b' -> BACKGROUNDED;
        default -> UNKNOWN;
      };
    }
    if (length == 2 && s.charAt(start) == 'p' && s.charAt(start + 1) == 's') {
      return PLAY_STATE;
    }
    return UNKNOWN;
  }
}
