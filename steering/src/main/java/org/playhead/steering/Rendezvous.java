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
    return weight / -ln(u);
  }

  private static final double LN2 = 0.6931471805599453;

  /**
   * Natural logarithm to about 1e-7 relative error, several times cheaper than {@link Math#log}
   * (the decision computes one per candidate cache). Splits {@code x} into {@code m * 2^e} with
   * {@code m} in [1/sqrt 2, sqrt 2), then {@code ln m = 2 atanh((m - 1) / (m + 1))} by its series.
   */
  static double ln(double x) {
    long bits = Double.doubleToRawLongBits(x);
    int exponent = (int) ((bits >>> 52) & 0x7ff) - 1023;
    double m = Double.longBitsToDouble((bits & 0x000fffffffffffffL) | 0x3ff0000000000000L);
    if (m > 1.4142135623730951) {
      // m in [1/sqrt2, sqrt2): the series converges fast, and exactly near x = 1.
      m *= 0.5;
      exponent++;
    }
    double t = (m - 1) / (m + 1);
    double t2 = t * t;
    double series =
        1 + t2 * (1 / 3.0 + t2 * (1 / 5.0 + t2 * (1 / 7.0 + t2 * (1 / 9.0 + t2 / 11.0))));
    return exponent * LN2 + 2 * t * series;
  }

  /** SplitMix64's finalizer: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
