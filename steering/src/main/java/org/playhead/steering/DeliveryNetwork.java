package org.playhead.steering;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The caches, what each serves, and the origin behind them: an immutable, validated whole, made by
 * {@link DeliveryNetworkFile#parse} (or {@link #originOnly}). Caches are numbered by their order in
 * the file; the decision works on those numbers and on the arrays precomputed here.
 */
public final class DeliveryNetwork {
  private final String version;
  private final Origin origin;
  private final List<Cache> caches;
  private final PrefixTable prefixes;
  private final Map<String, Integer> indexById;

  // Hot-path copies of the caches' fields, by cache index.
  final int[] tier;
  final double[] capacityGbps;
  final long[] idHash;
  final String[] ids;

  DeliveryNetwork(String version, Origin origin, List<Cache> caches, PrefixTable prefixes) {
    this.version = Objects.requireNonNull(version, "version");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.caches = List.copyOf(caches);
    this.prefixes = Objects.requireNonNull(prefixes, "prefixes");
    int n = this.caches.size();
    this.indexById = new HashMap<>(n * 2);
    this.tier = new int[n];
    this.capacityGbps = new double[n];
    this.idHash = new long[n];
    this.ids = new String[n];
    for (int i = 0; i < n; i++) {
      Cache c = this.caches.get(i);
      indexById.put(c.id(), i);
      tier[i] = c.tier().ordinal();
      capacityGbps[i] = c.capacityGbps();
      idHash[i] = Rendezvous.hash(c.id());
      ids[i] = c.id();
    }
  }

  /** A network of no caches: every answer is the origin alone. */
  public static DeliveryNetwork originOnly(Origin origin) {
    return new DeliveryNetwork("none", origin, List.of(), new PrefixTable.Builder().build());
  }

  /** A digest of the file's text: two nodes with the same version steer the same. */
  public String version() {
    return version;
  }

  public Origin origin() {
    return origin;
  }

  public List<Cache> caches() {
    return caches;
  }

  public PrefixTable prefixes() {
    return prefixes;
  }

  public Optional<Integer> indexOf(String cacheId) {
    return Optional.ofNullable(indexById.get(cacheId));
  }

  public Optional<Cache> cache(String cacheId) {
    return indexOf(cacheId).map(caches::get);
  }

  /** Whether {@code pathway} names a cache of this network or its origin. */
  public boolean knowsPathway(String pathway) {
    return indexById.containsKey(pathway) || origin.id().equals(pathway);
  }

  @Override
  public String toString() {
    return "DeliveryNetwork[version="
        + version
        + ", caches="
        + caches.size()
        + ", prefixes="
        + prefixes.prefixCount()
        + "]";
  }
}
