package org.playhead.steering;

/**
 * A client's IP address, parsed without allocating: the decision's hot path parses one per call.
 * Mutable and reusable (one per thread, inside a {@link DecisionBuffer}). IPv4 and IPv4-mapped IPv6
 * ({@code ::ffff:a.b.c.d}) both read as IPv4, as a dual-stack socket reports IPv4 clients.
 *
 * <p>Accepts the textual forms of RFC 4291 section 2.2 and dotted-quad IPv4, nothing else: no zone
 * ({@code %eth0}), no brackets, no port, no prefix length. The unit tests check it against the
 * ipaddress library's parser.
 */
public final class ClientAddress {
  private boolean v4;
  private long hi;
  private long lo;
  private final int[] groups = new int[8];

  public boolean isV4() {
    return v4;
  }

  /** IPv4: the address in the low 32 bits (unsigned). */
  public int v4() {
    return (int) lo;
  }

  /** IPv6: the high 64 bits. */
  public long hi() {
    return hi;
  }

  /** IPv6: the low 64 bits. */
  public long lo() {
    return lo;
  }

  /** Parses {@code text}; false (and this holder unchanged in meaning) when it is no address. */
  public boolean parse(CharSequence text) {
    if (text == null) {
      return false;
    }
    int length = text.length();
    if (length == 0 || length > 45) {
      return false;
    }
    boolean colon = false;
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) == ':') {
        colon = true;
        break;
      }
    }
    if (!colon) {
      long value = parseV4(text, 0, length);
      if (value < 0) {
        return false;
      }
      v4 = true;
      hi = 0;
      lo = value;
      return true;
    }
    return parseV6(text, length);
  }

  /** Dotted quad in {@code text[from, to)}, as an unsigned value, or -1. */
  static long parseV4(CharSequence text, int from, int to) {
    long value = 0;
    int octets = 0;
    int i = from;
    while (i < to) {
      int start = i;
      int octet = 0;
      while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        octet = octet * 10 + (text.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return -1;
        }
      }
      int digits = i - start;
      // No empty octet, no leading zero (010 is octal to some parsers: refuse the ambiguity).
      if (digits == 0 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return -1;
      }
      value = (value << 8) | octet;
      octets++;
      if (i < to) {
        if (text.charAt(i) != '.' || octets == 4) {
          return -1;
        }
        i++;
        if (i == to) {
          return -1;
        }
      }
    }
    return octets == 4 ? value : -1;
  }

  private boolean parseV6(CharSequence text, int length) {
    int count = 0;
    int gap = -1; // index in groups where "::" stands
    int i = 0;
    if (text.charAt(0) == ':') {
      if (length < 2 || text.charAt(1) != ':') {
        return false;
      }
      gap = 0;
      i = 2;
    }
    while (i < length) {
      int start = i;
      int value = 0;
      while (i < length && i - start < 5) {
        int digit = Character.digit(text.charAt(i), 16);
        if (digit < 0) {
          break;
        }
        value = (value << 4) | digit;
        i++;
      }
      int digits = i - start;
      if (i < length && text.charAt(i) == '.') {
        // An embedded IPv4 tail takes the last two groups.
        if (count > 6) {
          return false;
        }
        long tail = parseV4(text, start, length);
        if (tail < 0) {
          return false;
        }
        groups[count++] = (int) (tail >>> 16);
        groups[count++] = (int) (tail & 0xffff);
        i = length;
        break;
      }
      if (digits == 0 || digits > 4 || count == 8) {
        return false;
      }
      groups[count++] = value;
      if (i == length) {
        break;
      }
      if (text.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < length && text.charAt(i) == ':') {
        if (gap >= 0) {
          return false;
        }
        gap = count;
        i++;
      } else if (i == length) {
        return false;
      }
    }
    if (gap < 0 ? count != 8 : count > 7) {
      return false;
    }
    long high = 0;
    long low = 0;
    int zeros = 8 - count;
    int g = 0;
    for (int slot = 0; slot < 8; slot++) {
      int value;
      if (gap >= 0 && slot >= gap && slot < gap + zeros) {
        value = 0;
      } else {
        value = groups[g++];
      }
      if (slot < 4) {
        high = (high << 16) | value;
      } else {
        low = (low << 16) | value;
      }
    }
    if (high == 0 && (low >>> 32) == 0xffffL) {
      v4 = true;
      hi = 0;
      lo = low & 0xffffffffL;
    } else {
      v4 = false;
      hi = high;
      lo = low;
    }
    return true;
  }

  /** The address as text (IPv4 dotted, IPv6 in the library's canonical form); allocates. */
  @Override
  public String toString() {
    if (v4) {
      return new inet.ipaddr.ipv4.IPv4Address((int) lo).toCanonicalString();
    }
    return new inet.ipaddr.ipv6.IPv6Address(hi, lo).toCanonicalString();
  }
}
