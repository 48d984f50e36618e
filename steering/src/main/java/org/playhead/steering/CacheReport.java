package org.playhead.steering;

import java.util.List;
import java.util.Objects;

/**
 * What a cache (or the agent that watches it) last said about itself. Replaced whole by its next
 * report; it ages out when the next one does not come within the report TTL.
 *
 * @param healthy the cache serves
 * @param loadPercent how much of its capacity it serves now, 0-100
 * @param titles the titles it holds (ignored when {@code fullCatalog})
 * @param fullCatalog a pull-through cache (a partner CDN) that fetches any title on a miss
 * @param reportedAtMs when the node that took the report received it
 */
public record CacheReport(
    String cacheId,
    boolean healthy,
    double loadPercent,
    List<String> titles,
    boolean fullCatalog,
    long reportedAtMs) {

  public CacheReport {
    Objects.requireNonNull(cacheId, "cacheId");
    titles = titles == null ? List.of() : List.copyOf(titles);
  }
}
