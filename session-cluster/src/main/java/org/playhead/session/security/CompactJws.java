package org.playhead.session.security;

/**
 * The canonical JWS compact serialization (RFC 7515, section 7.1): three base64url parts without
 * padding, each in the one encoding its bytes have. A token in any other spelling is refused before
 * it is parsed.
 *
 * <p>Why: nimbus's base64url decoder skips characters outside the alphabet and ignores the unused
 * low bits of a part's last character, so {@code token + "~~~"} and a signature whose last
 * character differs in those bits decoded to the same bytes and verified. Each spelling was then a
 * separate entry of the verified-token cache, so one token could fill it. With one spelling per
 * token, a cache keyed by the token's text holds one entry per token.
 */
final class CompactJws {
  private CompactJws() {}

  /** An HS256 signature: 32 bytes are 43 base64url characters. */
  static final int HS256_SIGNATURE_CHARS = 43;

  /**
   * Whether {@code token} is three non-empty canonical base64url parts joined by dots, the last one
   * as long as an HS256 signature.
   */
  static boolean isCanonicalHs256(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      return false;
    }
    return token.length() - second - 1 == HS256_SIGNATURE_CHARS
        && canonicalPart(token, 0, first)
        && canonicalPart(token, first + 1, second)
        && canonicalPart(token, second + 1, token.length());
  }

  /**
   * {@code token[from, to)} is non-empty, in the base64url alphabet, of a length unpadded base64
   * can have, and its last character carries no bits beyond the encoded bytes.
   */
  private static boolean canonicalPart(String token, int from, int to) {
    int length = to - from;
    if (length == 0 || length % 4 == 1) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (value(token.charAt(i)) < 0) {
        return false;
      }
    }
    int last = value(token.charAt(to - 1));
    return switch (length % 4) {
      case 2 -> (last & 0x0f) == 0; // one byte: 8 of the last 12 bits
      case 3 -> (last & 0x03) == 0; // two bytes: 16 of the last 18 bits
      default -> true;
    };
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    } else if (c == '-') {
      return 62;
    } else if (c == '_') {
      return 63;
    }
    return -1;
  }
}
