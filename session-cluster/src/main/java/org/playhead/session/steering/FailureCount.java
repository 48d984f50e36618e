package org.playhead.session.steering;

import org.playhead.session.ClusterSerializable;

/**
 * Failures players reported to one node about one cache within one window. Each node writes only
 * its own entries (keyed {@code cacheId@node}), so concurrent writers never lose counts; every node
 * sums the recent windows of all nodes.
 */
public record FailureCount(String cacheId, int count, long windowStartMs)
    implements ClusterSerializable {}
