package org.playhead.steering;

/**
 * The client network an address belongs to, as one number: its /24 for IPv4 and its /48 for IPv6
 * (the usual allocation to one customer or site). Health decisions count distinct networks, so one
 * client (or one household behind a NAT) counts once however many sessions it opens.
 */
public final class ClientNetworks {
  private ClientNetworks() {}

  /** What an unknown or unparsable address counts as: one network of its own. */
  public static final long UNKNOWN = 0;

  /** The network of {@code address}, or {@link #UNKNOWN}. */
  public static long of(String address) {
    ClientAddress parsed = new ClientAddress();
    if (address == null || !parsed.parse(address)) {
      return UNKNOWN;
    }
    if (parsed.isV4()) {
      // Tagged so that no IPv4 network equals an IPv6 one.
      return (1L << 62) | ((parsed.v4() & 0xffffffffL) >>> 8);
    }
    long network = parsed.hi() >>> 16;
    return network == 0 ? UNKNOWN : (2L << 62) | network;
  }
}
