package org.playhead.steering;

import java.util.Arrays;

/**
 * A decision's working memory and result, reused from one decision to the next so that the hot path
 * allocates nothing. One per thread; not thread-safe.
 *
 * <p>After {@link SteeringEngine#decide}: {@link #count()} ranked caches, then the origin.
 */
public final class DecisionBuffer {
  /** Why the origin ends the list. */
  public enum OriginReason {
    /** After the caches: the fallback every answer has. */
    FALLBACK,
    /** No cache announces a prefix containing the client's address. */
    NO_CACHE_SERVES_ADDRESS,
    /** Caches serve the address, but none may be chosen (health, load, title). */
    NO_CACHE_ELIGIBLE
  }

  final ClientAddress address = new ClientAddress();
  HealthView view;
  int matchSet;
  int matched;
  int count;
  boolean anyDemoted;
  int[] cache = new int[8];
  int[] prefixLength = new int[8];
  double[] score = new double[8];
  boolean[] demoted = new boolean[8];
  OriginReason originReason;

  void reset(HealthView view) {
    this.view = view;
    this.count = 0;
    this.anyDemoted = false;
    this.matched = 0;
    this.matchSet = PrefixTable.NO_MATCH;
  }

  void ensureCapacity(int n) {
    if (cache.length < n) {
      cache = Arrays.copyOf(cache, n);
      prefixLength = Arrays.copyOf(prefixLength, n);
      score = Arrays.copyOf(score, n);
      demoted = Arrays.copyOf(demoted, n);
    }
  }

  /** Caches chosen, best first; the origin follows them. */
  public int count() {
    return count;
  }

  /** The cache index of rank {@code r} (0-based). */
  public int cacheAt(int r) {
    return cache[r];
  }

  public int prefixLengthAt(int r) {
    return prefixLength[r];
  }

  public boolean demotedAt(int r) {
    return demoted[r];
  }

  /** Caches whose prefixes contained the address, before health, load and title were checked. */
  public int matched() {
    return matched;
  }

  public OriginReason originReason() {
    return originReason;
  }

  public ClientAddress address() {
    return address;
  }
}
