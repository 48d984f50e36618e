package org.playhead.session.steering;

import java.util.List;
import org.playhead.session.ClusterSerializable;
import org.playhead.steering.FailureTally;

/**
 * Failures players reported to one node about one cache within one window: the node's {@link
 * FailureTally}. Each node writes only its own entries (keyed {@code cacheId@node}), so concurrent
 * writers never lose counts; every node merges the recent windows of all nodes.
 *
 * @param count reports counted (each session's capped)
 * @param sessions distinct sessions that reported
 * @param networks distinct client networks that reported
 */
public record FailureCount(
    String cacheId, int count, int sessions, List<Long> networks, long windowStartMs)
    implements ClusterSerializable {

  FailureTally tally() {
    return new FailureTally(count, sessions, networks);
  }
}
