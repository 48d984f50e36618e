package org.playhead.session.heartbeat;

import java.util.Optional;

/**
 * The CMCD v2 player state, key {@code sta} (CTA-5004-B "State"), sent as a one-letter token such
 * as {@code sta=p}.
 */
public enum PlayerState {
  STARTING('s'),
  PLAYING('p'),
  SEEKING('k'),
  REBUFFERING('r'),
  PAUSED('a'),
  WAITING('w'),
  ENDED('e'),
  FATAL_ERROR('f'),
  QUIT('q'),
  PRELOADING('d');

  private final char code;
  private final String codeString;

  PlayerState(char code) {
    this.code = code;
    this.codeString = String.valueOf(code);
  }

  /** The token sent on the wire, e.g. {@code "p"} for {@link #PLAYING}. */
  public String code() {
    return codeString;
  }

  /** The state for a wire token, or empty if the token is not a CMCD player state. */
  public static Optional<PlayerState> fromCode(String code) {
    if (code == null || code.length() != 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(byCode(code.charAt(0)));
  }

  /** Allocation-free lookup for the parser; {@code null} if {@code c} is not a state token. */
  static PlayerState byCode(char c) {
    return switch (c) {
      case 's' -> STARTING;
      case 'p' -> PLAYING;
      case 'k' -> SEEKING;
      case 'r' -> REBUFFERING;
      case 'a' -> PAUSED;
      case 'w' -> WAITING;
      case 'e' -> ENDED;
      case 'f' -> FATAL_ERROR;
      case 'q' -> QUIT;
      case 'd' -> PRELOADING;
      default -> null;
    };
  }

  /** Whether this state ends playback: the session is over once a player reports it. */
  public boolean isTerminal() {
    return this == ENDED || this == FATAL_ERROR || this == QUIT;
  }
}
