package org.playhead.steering;

/**
 * Weighted rendezvous (highest-random-weight) hashing: for a title, every cache gets a score from a
 * hash of (title, cache) and its weight; the highest scores win. The same title lands on the same
 * caches wherever it is decided (so it stays hot in their memory), a cache with more headroom wins
 * proportionally more titles, and removing one cache moves only that cache's titles.
 *
 * <p>Score {@code w / -ln(u)}, with {@code u} uniform in (0, 1) from the hash: the weighted form of
 * Thaler and Ravishankar's scheme (as in Resch's "Weighted Rendezvous Hashing"), where the chance
 * of ranking first is proportional to the weight.
 */
public final class Rendezvous {
  private Rendezvous() {}

  /** A 64-bit hash of a string's characters (FNV-1a, then mixed); allocates nothing. */
  public static long hash(CharSequence text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** The score of a cache for a title; higher ranks first. */
  public static double score(long titleHash, long cacheHash, double weight) {
    long h = mix(titleHash ^ cacheHash);
    // 53 random bits, shifted off zero: u in (0, 1).
    double u = ((h >>> 11) + 0.5) * 0x1.0p-53;
    return weight / -Math.log(u);
  }

  /** SplitMix64's finalizer: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
