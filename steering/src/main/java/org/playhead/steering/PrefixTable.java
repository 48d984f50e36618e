package org.playhead.steering;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Longest-prefix match of a client address against every cache's announced prefixes, compiled for a
 * hot path that allocates nothing.
 *
 * <p>Built with the ipaddress library's associative tries (one for IPv4, one for IPv6), which hold
 * each announced prefix and the caches that announce it. The tries answer which prefixes contain an
 * address ({@code elementsContaining}), but each lookup walks linked nodes and allocates an address
 * object and a result chain. So the build asks the trie once per elementary interval instead: the
 * prefixes cut the address space into at most {@code 2n + 1} intervals, every address of an
 * interval is contained by the same prefixes, and a lookup becomes a binary search over a sorted
 * primitive array, then an index into a shared "match set" (the caches that serve the interval,
 * each with the length of its most specific matching prefix). bench/STEERING.md has the
 * measurements of both.
 */
public final class PrefixTable {
  /** A match that found no prefix. */
  public static final int NO_MATCH = -1;

  // Interval starts, sign-flipped so that signed comparison orders them as unsigned.
  private final int[] v4Starts;
  private final int[] v4Sets;
  private final long[] v6StartHi;
  private final long[] v6StartLo;
  private final int[] v6Sets;

  // Match sets, flattened: entries [setOffset[s], setOffset[s + 1]) of setCache and setLength.
  private final int[] setOffset;
  private final int[] setCache;
  private final byte[] setLength;
  private final byte[] setTier;

  // The announced blocks, and tries of them built on first use: for answers that name the
  // matched prefix, off the hot path.
  private final List<IPAddress> blocks;
  private volatile IPv4AddressTrie v4Trie;
  private volatile IPv6AddressTrie v6Trie;

  private final int prefixCount;

  private PrefixTable(
      int[] v4Starts,
      int[] v4Sets,
      long[] v6StartHi,
      long[] v6StartLo,
      int[] v6Sets,
      int[] setOffset,
      int[] setCache,
      byte[] setLength,
      byte[] setTier,
      List<IPAddress> blocks,
      int prefixCount) {
    this.v4Starts = v4Starts;
    this.v4Sets = v4Sets;
    this.v6StartHi = v6StartHi;
    this.v6StartLo = v6StartLo;
    this.v6Sets = v6Sets;
    this.setOffset = setOffset;
    this.setCache = setCache;
    this.setLength = setLength;
    this.setTier = setTier;
    this.blocks = blocks;
    this.prefixCount = prefixCount;
  }

  /** The match set of {@code address}, or {@link #NO_MATCH}. Allocates nothing. */
  public int lookup(ClientAddress address) {
    return address.isV4() ? lookupV4(address.v4()) : lookupV6(address.hi(), address.lo());
  }

  int lookupV4(int address) {
    int key = address ^ Integer.MIN_VALUE;
    int[] starts = v4Starts;
    int low = 0;
    int high = starts.length - 1;
    // The last interval whose start is <= key; interval 0 starts at 0, so there always is one.
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (starts[mid] <= key) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return starts.length == 0 ? NO_MATCH : v4Sets[low];
  }

  int lookupV6(long hi, long lo) {
    long keyHi = hi ^ Long.MIN_VALUE;
    long keyLo = lo ^ Long.MIN_VALUE;
    long[] startHi = v6StartHi;
    long[] startLo = v6StartLo;
    int low = 0;
    int high = startHi.length - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      long h = startHi[mid];
      if (h < keyHi || (h == keyHi && startLo[mid] <= keyLo)) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return startHi.length == 0 ? NO_MATCH : v6Sets[low];
  }

  public int setStart(int set) {
    return setOffset[set];
  }

  public int setEnd(int set) {
    return setOffset[set + 1];
  }

  /** The cache index of a match-set entry. */
  public int entryCache(int entry) {
    return setCache[entry];
  }

  /** The length of the most specific prefix of that cache containing the address. */
  public int entryPrefixLength(int entry) {
    return setLength[entry] & 0xff;
  }

  /** The tier rank of a match-set entry's cache; entries come in tier order. */
  public int entryTier(int entry) {
    return setTier[entry];
  }

  /**
   * The most specific announced prefix containing {@code address} (for people), e.g. {@code
   * 81.2.69.0/24}, or empty. Asks the trie: allocates.
   */
  public String longestPrefix(ClientAddress address) {
    IPAddress found =
        address.isV4()
            ? v4Trie().longestPrefixMatch(new IPv4Address(address.v4()))
            : v6Trie().longestPrefixMatch(new IPv6Address(address.hi(), address.lo()));
    return found == null ? "" : found.toCanonicalString();
  }

  /** The library's trie of the IPv4 prefixes (built on first use). */
  public IPv4AddressTrie v4Trie() {
    IPv4AddressTrie trie = v4Trie;
    if (trie == null) {
      trie = new IPv4AddressTrie();
      for (IPAddress p : blocks) {
        if (p.isIPv4()) {
          trie.add(p.toIPv4());
        }
      }
      v4Trie = trie;
    }
    return trie;
  }

  private IPv6AddressTrie v6Trie() {
    IPv6AddressTrie trie = v6Trie;
    if (trie == null) {
      trie = new IPv6AddressTrie();
      for (IPAddress p : blocks) {
        if (p.isIPv6()) {
          trie.add(p.toIPv6());
        }
      }
      v6Trie = trie;
    }
    return trie;
  }

  public int prefixCount() {
    return prefixCount;
  }

  public int intervalCount() {
    return v4Starts.length + v6StartHi.length;
  }

  public int matchSetCount() {
    return setOffset.length - 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Building

  /** Collects (prefix, cache) announcements, then compiles them. */
  public static final class Builder {
    private final Map<IPAddress, List<Integer>> announcements = new HashMap<>();

    /**
     * @param prefix a prefix block (host bits zero), IPv4 or IPv6
     */
    public Builder announce(IPAddress prefix, int cacheIndex) {
      List<Integer> caches = announcements.computeIfAbsent(prefix, p -> new ArrayList<>(1));
      if (!caches.contains(cacheIndex)) {
        caches.add(cacheIndex);
      }
      return this;
    }

    /** Compiles with every cache in one tier (for tests of matching alone). */
    public PrefixTable build() {
      return build(cache -> 0);
    }

    /**
     * @param tierOf each cache's tier rank: a match set lists its caches by tier, then longest
     *     prefix, so a decision can stop at the first tier it does not need
     */
    public PrefixTable build(java.util.function.IntUnaryOperator tierOf) {
      List<Block> v4 = new ArrayList<>();
      List<Block> v6 = new ArrayList<>();
      for (Map.Entry<IPAddress, List<Integer>> e : announcements.entrySet()) {
        int[] caches = e.getValue().stream().mapToInt(Integer::intValue).toArray();
        IPAddress prefix = e.getKey();
        int length = prefix.getPrefixLength();
        if (prefix.isIPv4()) {
          v4.add(
              new Block(
                  0,
                  prefix.getLower().toIPv4().longValue(),
                  0,
                  prefix.getUpper().toIPv4().longValue(),
                  length,
                  caches));
        } else {
          long[] lower = prefix.getLower().toIPv6().longValues();
          long[] upper = prefix.getUpper().toIPv6().longValues();
          v6.add(new Block(lower[0], lower[1], upper[0], upper[1], length, caches));
        }
      }
      SetInterner sets = new SetInterner(tierOf);
      Intervals v4Intervals = sweep(v4, sets, 0, 0xffffffffL);
      Intervals v6Intervals = sweep(v6, sets, -1L, -1L);
      int[] v4Starts = new int[v4Intervals.count];
      for (int k = 0; k < v4Intervals.count; k++) {
        v4Starts[k] = ((int) v4Intervals.lo[k]) ^ Integer.MIN_VALUE;
      }
      long[] v6Hi = new long[v6Intervals.count];
      long[] v6Lo = new long[v6Intervals.count];
      for (int k = 0; k < v6Intervals.count; k++) {
        v6Hi[k] = v6Intervals.hi[k] ^ Long.MIN_VALUE;
        v6Lo[k] = v6Intervals.lo[k] ^ Long.MIN_VALUE;
      }
      List<IPAddress> blocks = List.copyOf(announcements.keySet());
      return new PrefixTable(
          v4Starts,
          Arrays.copyOf(v4Intervals.set, v4Intervals.count),
          v6Hi,
          v6Lo,
          Arrays.copyOf(v6Intervals.set, v6Intervals.count),
          sets.offsets(),
          sets.caches(),
          sets.lengths(),
          sets.tiers(),
          blocks,
          announcements.size());
    }
  }

  /** A prefix block as 128-bit bounds (IPv4 in the low word), with its announcers. */
  private record Block(long lowHi, long lowLo, long upHi, long upLo, int length, int[] caches) {}

  /** Interval starts (unsigned 128-bit as two words) and their match sets, in address order. */
  private static final class Intervals {
    long[] hi = new long[64];
    long[] lo = new long[64];
    int[] set = new int[64];
    int count;

    /** An interval from (h, l) on; one at the same start replaces it; equal neighbours merge. */
    void start(long h, long l, int s) {
      if (count > 0 && hi[count - 1] == h && lo[count - 1] == l) {
        count--;
      }
      if (count > 0 && set[count - 1] == s) {
        return;
      }
      if (count == hi.length) {
        hi = Arrays.copyOf(hi, count * 2);
        lo = Arrays.copyOf(lo, count * 2);
        set = Arrays.copyOf(set, count * 2);
      }
      hi[count] = h;
      lo[count] = l;
      set[count] = s;
      count++;
    }
  }

  /**
   * One pass over the blocks in address order (shorter first at the same start), with the open
   * (containing) blocks on a stack: each block opens an interval with its parent's match set
   * extended by its own caches, and each block's end reopens its parent's set. Prefixes never
   * partially overlap, so the stack is exactly the chain of containing prefixes.
   */
  private static Intervals sweep(List<Block> blocks, SetInterner sets, long lastHi, long lastLo) {
    blocks.sort(
        (a, b) -> {
          int c = compareUnsigned128(a.lowHi, a.lowLo, b.lowHi, b.lowLo);
          return c != 0 ? c : Integer.compare(a.length, b.length);
        });
    Intervals out = new Intervals();
    out.start(0, 0, NO_MATCH);
    Block[] stack = new Block[130];
    int[] stackSet = new int[130];
    int depth = 0;
    for (Block b : blocks) {
      while (depth > 0
          && compareUnsigned128(stack[depth - 1].upHi, stack[depth - 1].upLo, b.lowHi, b.lowLo)
              < 0) {
        depth--;
        reopenAfter(stack[depth], depth == 0 ? NO_MATCH : stackSet[depth - 1], out, lastHi, lastLo);
      }
      int set = sets.extend(depth == 0 ? NO_MATCH : stackSet[depth - 1], b.caches, b.length);
      stack[depth] = b;
      stackSet[depth] = set;
      depth++;
      out.start(b.lowHi, b.lowLo, set);
    }
    while (depth > 0) {
      depth--;
      reopenAfter(stack[depth], depth == 0 ? NO_MATCH : stackSet[depth - 1], out, lastHi, lastLo);
    }
    return out;
  }

  /** After {@code closed} ends, its parent's set applies again (unless it ended the space). */
  private static void reopenAfter(
      Block closed, int parentSet, Intervals out, long lastHi, long lastLo) {
    if (closed.upHi == lastHi && closed.upLo == lastLo) {
      return;
    }
    long lo = closed.upLo + 1;
    long hi = lo == 0 ? closed.upHi + 1 : closed.upHi;
    out.start(hi, lo, parentSet);
  }

  private static int compareUnsigned128(long aHi, long aLo, long bHi, long bLo) {
    int high = Long.compareUnsigned(aHi, bHi);
    return high != 0 ? high : Long.compareUnsigned(aLo, bLo);
  }

  /**
   * Gives each distinct set of (cache, longest prefix length) one id. A block's set is its parent
   * block's set extended by the block's own caches; sets with the same content share an id (most of
   * an ISP's prefixes give the same few sets), which keeps the table small.
   *
   * <p>Entries are packed longs ordered by tier, then longest prefix, then cache index.
   */
  private static final class SetInterner {
    private final java.util.function.IntUnaryOperator tierOf;
    private final Map<Packed, Integer> byContent = new HashMap<>();
    private final List<long[]> sets = new ArrayList<>();

    SetInterner(java.util.function.IntUnaryOperator tierOf) {
      this.tierOf = tierOf;
    }

    private record Packed(long[] entries) {
      @Override
      public boolean equals(Object o) {
        return o instanceof Packed p && Arrays.equals(entries, p.entries);
      }

      @Override
      public int hashCode() {
        return Arrays.hashCode(entries);
      }
    }

    /** {@code parent}'s entries, with {@code announcers} now matching at {@code length}. */
    int extend(int parent, int[] announcers, int length) {
      long[] base = parent == NO_MATCH ? new long[0] : sets.get(parent);
      long[] entries = new long[base.length + announcers.length];
      int n = 0;
      outer:
      for (long entry : base) {
        int cache = (int) entry;
        for (int a : announcers) {
          if (a == cache) {
            continue outer;
          }
        }
        entries[n++] = entry;
      }
      for (int a : announcers) {
        entries[n++] = pack(tierOf.applyAsInt(a), length, a);
      }
      entries = Arrays.copyOf(entries, n);
      Arrays.sort(entries);
      Packed key = new Packed(entries);
      Integer id = byContent.get(key);
      if (id == null) {
        id = sets.size();
        sets.add(entries);
        byContent.put(key, id);
      }
      return id;
    }

    private static long pack(int tier, int length, int cache) {
      return ((long) tier << 40) | ((long) (255 - length) << 32) | (cache & 0xffffffffL);
    }

    int[] offsets() {
      int[] offsets = new int[sets.size() + 1];
      for (int i = 0; i < sets.size(); i++) {
        offsets[i + 1] = offsets[i] + sets.get(i).length;
      }
      return offsets;
    }

    int[] caches() {
      return sets.stream().flatMapToLong(Arrays::stream).mapToInt(e -> (int) e).toArray();
    }

    byte[] lengths() {
      long[] all = sets.stream().flatMapToLong(Arrays::stream).toArray();
      byte[] lengths = new byte[all.length];
      for (int i = 0; i < all.length; i++) {
        lengths[i] = (byte) (255 - ((all[i] >>> 32) & 0xff));
      }
      return lengths;
    }

    byte[] tiers() {
      long[] all = sets.stream().flatMapToLong(Arrays::stream).toArray();
      byte[] tiers = new byte[all.length];
      for (int i = 0; i < all.length; i++) {
        tiers[i] = (byte) (all[i] >>> 40);
      }
      return tiers;
    }
  }
}
