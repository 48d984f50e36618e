package org.playhead.session.api;

import com.typesafe.config.Config;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which peers may tell us the client's address. {@code X-Forwarded-For} and {@code Forwarded} (RFC
 * 7239) are read only when the connection comes from a configured proxy, right to left: each hop a
 * trusted proxy appended is skipped while it is itself a trusted proxy, and the first address that
 * is not is the client. Any other peer is the client itself, whatever headers it sends: steering
 * decides by this address, and a client choosing it would choose its caches and its health votes.
 *
 * <p>With no proxies configured (the default) the socket's address always counts.
 */
public final class TrustedProxies {
  private final List<IPAddress> proxies;

  public TrustedProxies(List<String> cidrs) {
    List<IPAddress> parsed = new ArrayList<>();
    for (String cidr : cidrs) {
      try {
        parsed.add(new IPAddressString(cidr.strip()).toAddress().toPrefixBlock());
      } catch (AddressStringException e) {
        throw new IllegalArgumentException(
            "playhead.http.trusted-proxies: " + cidr.strip() + " is not an address or CIDR");
      }
    }
    this.proxies = List.copyOf(parsed);
  }

  /** {@code playhead.http.trusted-proxies}: CIDRs or addresses, comma-separated. */
  public static TrustedProxies fromConfig(Config config) {
    String text = config.getString("playhead.http.trusted-proxies");
    List<String> cidrs = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        cidrs.add(part);
      }
    }
    return new TrustedProxies(cidrs);
  }

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  boolean trusts(String address) {
    if (proxies.isEmpty()) {
      return false;
    }
    IPAddress parsed = new IPAddressString(address).getAddress();
    if (parsed == null) {
      return false;
    }
    IPAddress plain = parsed.isIPv4Convertible() ? parsed.toIPv4() : parsed;
    for (IPAddress proxy : proxies) {
      if (proxy.contains(plain) || proxy.contains(parsed)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's address.
   *
   * @param peer the socket's address
   * @param forwardedFor the {@code X-Forwarded-For} header values in order (each comma-separated)
   * @param forwarded the {@code Forwarded} header values in order; preferred when present
   */
  String client(String peer, List<String> forwardedFor, List<String> forwarded) {
    if (!trusts(peer)) {
      return peer;
    }
    List<String> hops = !forwarded.isEmpty() ? forwardedHops(forwarded) : split(forwardedFor);
    String nearest = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<String> hop = address(hops.get(i));
      if (hop.isEmpty()) {
        // An obfuscated or unparsable hop: the trusted proxy nearest to it is what we know.
        return nearest;
      }
      if (!trusts(hop.get())) {
        return hop.get();
      }
      nearest = hop.get();
    }
    return nearest;
  }

  private static List<String> split(List<String> values) {
    List<String> hops = new ArrayList<>();
    for (String value : values) {
      for (String hop : value.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.strip());
        }
      }
    }
    return hops;
  }

  /** The {@code for=} of each element of {@code Forwarded}, in order. */
  private static List<String> forwardedHops(List<String> values) {
    List<String> hops = new ArrayList<>();
    for (String element : split(values)) {
      String found = "";
      for (String pair : element.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
          found = pair.substring(eq + 1).strip();
        }
      }
      hops.add(found);
    }
    return hops;
  }

  /**
   * A hop as an address: quotes, IPv6 brackets and ports removed; empty for {@code unknown},
   * obfuscated identifiers ({@code _hidden}) and anything else that is no address.
   */
  static Optional<String> address(String hop) {
    String h = hop.strip();
    if (h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      h = h.substring(1, close);
    } else if (h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') > 0) {
      h = h.substring(0, h.indexOf(':')); // IPv4 with a port
    }
    IPAddress parsed = new IPAddressString(h).getAddress();
    if (parsed == null || parsed.isPrefixed() || h.length() > 45) {
      return Optional.empty();
    }
    return Optional.of(ClientAddresses.text(parsed.toInetAddress()));
  }

  /** The socket address as text, or the unknown address. */
  static String text(Optional<InetAddress> peer) {
    return peer.map(ClientAddresses::text).orElse(ClientAddresses.UNKNOWN);
  }
}
