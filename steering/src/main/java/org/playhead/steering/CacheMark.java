package org.playhead.steering;

import java.util.Objects;

/**
 * An SRE's word on a cache, which outranks the cache's own reports until it is cleared: a cache
 * marked down is never chosen, whatever it says about itself (a drain, a drill).
 *
 * @param down the cache is out of service
 * @param why what the SRE gave as the reason
 * @param by the SRE's id
 */
public record CacheMark(String cacheId, boolean down, String why, String by, long atMs) {
  public CacheMark {
    Objects.requireNonNull(cacheId, "cacheId");
    why = why == null ? "" : why;
    by = by == null ? "" : by;
  }
}
