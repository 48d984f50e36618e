package org.playhead.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrefixTableTest {

  /** The caches serving {@code address} with their longest prefix, as the table answers. */
  private static Map<Integer, Integer> lookup(PrefixTable table, String address) {
    ClientAddress parsed = new ClientAddress();
    if (!parsed.parse(address)) {
      throw new IllegalArgumentException(address);
    }
    int set = table.lookup(parsed);
    Map<Integer, Integer> found = new TreeMap<>();
    if (set != PrefixTable.NO_MATCH) {
      for (int e = table.setStart(set); e < table.setEnd(set); e++) {
        found.put(table.entryCache(e), table.entryPrefixLength(e));
      }
    }
    return found;
  }

  private static IPAddress prefix(String cidr) {
    return new IPAddressString(cidr).getAddress().toPrefixBlock();
  }

  @Test
  void overlappingIpv4PrefixesGiveEveryContainingCacheItsLongestMatch() {
    PrefixTable table =
        new PrefixTable.Builder()
            .announce(prefix("10.0.0.0/8"), 0)
            .announce(prefix("10.1.0.0/16"), 1)
            .announce(prefix("10.1.2.0/24"), 2)
            .announce(prefix("10.1.2.0/24"), 0)
            .announce(prefix("10.1.2.128/25"), 3)
            .build();

    assertEquals(Map.of(0, 8), lookup(table, "10.9.9.9"));
    assertEquals(Map.of(0, 8, 1, 16), lookup(table, "10.1.9.9"));
    assertEquals(Map.of(0, 24, 1, 16, 2, 24), lookup(table, "10.1.2.1"));
    assertEquals(Map.of(0, 24, 1, 16, 2, 24, 3, 25), lookup(table, "10.1.2.200"));
    // The edges of each prefix belong to it; the addresses just outside do not.
    assertEquals(Map.of(0, 24, 1, 16, 2, 24, 3, 25), lookup(table, "10.1.2.255"));
    assertEquals(Map.of(0, 8, 1, 16), lookup(table, "10.1.3.0"));
    assertEquals(Map.of(0, 8, 1, 16), lookup(table, "10.1.1.255"));
    assertEquals(Map.of(), lookup(table, "11.0.0.0"));
    assertEquals(Map.of(), lookup(table, "9.255.255.255"));
    ClientAddress a = new ClientAddress();
    a.parse("10.1.2.200");
    assertEquals("10.1.2.128/25", table.longestPrefix(a));
  }

  @Test
  void overlappingIpv6PrefixesAndTheWholeSpace() {
    PrefixTable table =
        new PrefixTable.Builder()
            .announce(prefix("::/0"), 9)
            .announce(prefix("2a02:c7f::/32"), 1)
            .announce(prefix("2a02:c7f:1234::/48"), 2)
            .announce(prefix("0.0.0.0/0"), 8)
            .build();

    assertEquals(Map.of(9, 0, 1, 32, 2, 48), lookup(table, "2a02:c7f:1234::1"));
    assertEquals(Map.of(9, 0, 1, 32), lookup(table, "2a02:c7f:ffff::1"));
    assertEquals(Map.of(9, 0), lookup(table, "2001:db8::1"));
    assertEquals(Map.of(9, 0), lookup(table, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    // IPv4 (and IPv4-mapped IPv6) clients match IPv4 prefixes only.
    assertEquals(Map.of(8, 0), lookup(table, "192.0.2.1"));
    assertEquals(Map.of(8, 0), lookup(table, "::ffff:192.0.2.1"));
  }

  @Test
  void hostRoutesAndTheLastAddressOfTheSpace() {
    PrefixTable table =
        new PrefixTable.Builder()
            .announce(prefix("255.255.255.255/32"), 0)
            .announce(prefix("192.0.2.7/32"), 1)
            .build();
    assertEquals(Map.of(0, 32), lookup(table, "255.255.255.255"));
    assertEquals(Map.of(), lookup(table, "255.255.255.254"));
    assertEquals(Map.of(1, 32), lookup(table, "192.0.2.7"));
    assertEquals(Map.of(), lookup(table, "192.0.2.8"));
  }

  /** Random overlapping tables against a brute-force scan of every prefix. */
  @Test
  void agreesWithBruteForceOnRandomTables() {
    Random random = new Random(7);
    for (int round = 0; round < 8; round++) {
      List<IPAddress> prefixes = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      PrefixTable.Builder builder = new PrefixTable.Builder();
      for (int i = 0; i < 300; i++) {
        IPAddress p;
        if (random.nextInt(4) > 0) {
          // Crowded in 10.0.0.0/12 so that prefixes nest and overlap.
          int base = 0x0a000000 | (random.nextInt() & 0x000fffff);
          p = new inet.ipaddr.ipv4.IPv4Address(base, 8 + random.nextInt(25)).toPrefixBlock();
        } else {
          long hi = 0x2a020c7f00000000L | (random.nextLong() & 0xffffffffL);
          p =
              new inet.ipaddr.ipv6.IPv6Address(hi, random.nextLong(), 16 + random.nextInt(113))
                  .toPrefixBlock();
        }
        int owner = random.nextInt(40);
        prefixes.add(p);
        owners.add(owner);
        builder.announce(p, owner);
      }
      PrefixTable table = builder.build();
      for (int probe = 0; probe < 1_000; probe++) {
        IPAddress address;
        IPAddress near = prefixes.get(random.nextInt(prefixes.size()));
        if (near.isIPv4()) {
          int value = near.getLower().toIPv4().intValue() + random.nextInt(512) - 256;
          address = new inet.ipaddr.ipv4.IPv4Address(value);
        } else {
          long[] lower = near.getLower().toIPv6().longValues();
          address =
              new inet.ipaddr.ipv6.IPv6Address(
                  lower[0] + (random.nextBoolean() ? 0 : random.nextInt(3) - 1),
                  lower[1] + random.nextInt(512) - 256);
        }
        Map<Integer, Integer> expected = new TreeMap<>();
        for (int i = 0; i < prefixes.size(); i++) {
          IPAddress p = prefixes.get(i);
          if (p.getIPVersion() == address.getIPVersion() && p.contains(address)) {
            expected.merge(owners.get(i), p.getPrefixLength(), Math::max);
          }
        }
        String text = address.toCanonicalString();
        assertEquals(expected, lookup(table, text), text);
      }
    }
  }

  private static int matchSet(PrefixTable table, String address) {
    ClientAddress parsed = new ClientAddress();
    parsed.parse(address);
    return table.lookup(parsed);
  }
}
