package org.playhead.steering;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A realistic delivery network at scale, for the benchmark and the large-table tests: ISPs with
 * hundreds of announced prefixes each (IPv4 /16-/24, IPv6 /32-/48), two embedded caches per ISP
 * announcing its prefixes, exchange caches each peering with a dozen ISPs (their aggregates),
 * transit caches announcing /8s, and partner CDNs announcing everything.
 */
public final class SyntheticNetwork {
  public final String text;
  public final List<String> clientAddresses;
  public final List<String> titles;
  public final List<String> cacheIds;
  public final int prefixLines;

  private SyntheticNetwork(
      String text,
      List<String> clientAddresses,
      List<String> titles,
      List<String> cacheIds,
      int prefixLines) {
    this.text = text;
    this.clientAddresses = clientAddresses;
    this.titles = titles;
    this.cacheIds = cacheIds;
    this.prefixLines = prefixLines;
  }

  /**
   * @param caches total caches (60% embedded, 25% exchange, 10% transit, 5% partner)
   * @param prefixesPerIsp distinct prefixes each ISP announces
   */
  public static SyntheticNetwork generate(int caches, int prefixesPerIsp, long seed) {
    Random random = new Random(seed);
    int embedded = caches * 60 / 100;
    int exchange = caches * 25 / 100;
    int transit = caches * 10 / 100;
    int partner = caches - embedded - exchange - transit;
    int isps = embedded / 2;

    StringBuilder out = new StringBuilder(8 << 20);
    out.append("# synthetic delivery network: ")
        .append(caches)
        .append(" caches, ")
        .append(isps)
        .append(" ISPs\n");
    out.append("origin origin https://origin.example.net/media/\n");
    List<String> ids = new ArrayList<>();
    List<List<String>> ispPrefixes = new ArrayList<>();
    List<String> ispAggregates = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int prefixLines = 0;

    for (int isp = 0; isp < isps; isp++) {
      // Each ISP lives in its own /12 (IPv4) and /28 (IPv6), with prefixes inside it.
      int v4Base = (16 + isp / 16) << 24 | (isp % 16) << 20;
      long v6Base = 0x2a00000000000000L | ((long) isp << 32);
      ispAggregates.add(v4(v4Base, 12));
      List<String> prefixes = new ArrayList<>();
      while (prefixes.size() < prefixesPerIsp) {
        boolean six = random.nextInt(10) == 0;
        String p;
        if (six) {
          int length = 32 + random.nextInt(17);
          long hi = v6Base | ((random.nextLong() & 0xffffffffL) << (64 - length) >>> 32);
          hi &= -1L << (64 - length);
          p = v6(hi, length);
          if (seen.add(p)) {
            addresses.add(
                v6Address(hi | (random.nextLong() & ~(-1L << (64 - length))), random.nextLong()));
          }
        } else {
          int length = 16 + random.nextInt(9);
          int address = v4Base | (random.nextInt() & 0x000fffff);
          int block = address & (-1 << (32 - length));
          if (length < 12) {
            continue;
          }
          p = v4(block, length);
          if (seen.add(p)) {
            addresses.add(v4Address(block | (random.nextInt() & ~(-1 << (32 - length)))));
          }
        }
        if (!prefixes.contains(p)) {
          prefixes.add(p);
        }
      }
      ispPrefixes.add(prefixes);
    }

    int site = 0;
    for (int i = 0; i < embedded; i++) {
      String id = "emb-" + i;
      ids.add(id);
      cache(out, id, "isp" + (i / 2), "embedded", 40 + random.nextInt(60));
    }
    for (int i = 0; i < exchange; i++) {
      String id = "ix-" + i;
      ids.add(id);
      cache(out, id, "ix" + (site++ % 40), "exchange", 200 + random.nextInt(200));
    }
    for (int i = 0; i < transit; i++) {
      String id = "transit-" + i;
      ids.add(id);
      cache(out, id, "transit" + (i % 10), "transit", 400 + random.nextInt(400));
    }
    for (int i = 0; i < partner; i++) {
      String id = "partner-" + i;
      ids.add(id);
      cache(out, id, "partner" + i, "partner", 10_000);
    }
    for (int i = 0; i < embedded; i++) {
      List<String> prefixes = ispPrefixes.get(i / 2);
      for (int from = 0; from < prefixes.size(); from += 50) {
        out.append("prefix emb-").append(i);
        for (String p : prefixes.subList(from, Math.min(prefixes.size(), from + 50))) {
          out.append(' ').append(p);
        }
        out.append('\n');
        prefixLines++;
      }
    }
    for (int i = 0; i < exchange; i++) {
      out.append("prefix ix-").append(i);
      Set<Integer> peers = new HashSet<>();
      while (peers.size() < Math.min(12, isps)) {
        peers.add(random.nextInt(isps));
      }
      for (int peer : peers) {
        out.append(' ').append(ispAggregates.get(peer));
      }
      out.append('\n');
      prefixLines++;
    }
    for (int i = 0; i < transit; i++) {
      out.append("prefix transit-").append(i);
      for (int k = 0; k < 8; k++) {
        out.append(' ').append(v4((16 + (i * 8 + k) % 64) << 24, 8));
      }
      out.append(" 2a00::/12\n");
      prefixLines++;
    }
    for (int i = 0; i < partner; i++) {
      out.append("prefix partner-").append(i).append(" 0.0.0.0/0 ::/0\n");
      prefixLines++;
    }
    List<String> titles = new ArrayList<>();
    for (int t = 0; t < 1_000; t++) {
      titles.add("title-" + t);
    }
    java.util.Collections.shuffle(addresses, random);
    return new SyntheticNetwork(out.toString(), addresses, titles, ids, prefixLines);
  }

  private static void cache(StringBuilder out, String id, String site, String tier, int gbps) {
    out.append("cache ")
        .append(id)
        .append(" site=")
        .append(site)
        .append(" tier=")
        .append(tier)
        .append(" capacity-gbps=")
        .append(gbps)
        .append(" url=https://")
        .append(id)
        .append(".cdn.example.net/media/\n");
  }

  private static String v4(int block, int length) {
    return v4Address(block) + "/" + length;
  }

  private static String v4Address(int a) {
    return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
  }

  private static String v6(long hi, int length) {
    return new inet.ipaddr.ipv6.IPv6Address(hi, 0).toCompressedString() + "/" + length;
  }

  private static String v6Address(long hi, long lo) {
    return new inet.ipaddr.ipv6.IPv6Address(hi, lo).toCompressedString();
  }

  /** Reports for every cache: healthy, 10-80% loaded; embedded caches hold a third of titles. */
  public List<CacheReport> reports(long nowMs, long seed) {
    Random random = new Random(seed);
    List<CacheReport> reports = new ArrayList<>();
    for (String id : cacheIds) {
      boolean embedded = id.startsWith("emb-");
      List<String> held = new ArrayList<>();
      if (embedded) {
        for (String title : titles) {
          if (random.nextInt(3) == 0) {
            held.add(title);
          }
        }
      }
      reports.add(new CacheReport(id, true, 10 + random.nextInt(70), held, !embedded, nowMs));
    }
    return reports;
  }
}
