package org.playhead.session.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Cluster members by status as this node sees them, read from the cluster's state at scrape time (a
 * field read; no polling, no actor).
 */
final class ClusterGauges {
  /** Every status a member can have, in the order of its life. */
  private static final List<MemberStatus> STATUSES =
      List.of(
          MemberStatus.joining(),
          MemberStatus.weaklyUp(),
          MemberStatus.up(),
          MemberStatus.shuttingDown(),
          MemberStatus.shutDown(),
          MemberStatus.leaving(),
          MemberStatus.exiting(),
          MemberStatus.down(),
          MemberStatus.removed());

  private ClusterGauges() {}

  static void bind(Cluster cluster, MeterRegistry registry) {
    for (MemberStatus status : STATUSES) {
      Gauge.builder(PlayheadMetrics.CLUSTER_MEMBERS, cluster, c -> count(c, status))
          .tag("status", statusName(status))
          .description("Cluster members by status, as this node sees them")
          .register(registry);
    }
    Gauge.builder(
            PlayheadMetrics.CLUSTER_UNREACHABLE, cluster, c -> c.state().getUnreachable().size())
        .description("Members this node's failure detector marks unreachable")
        .register(registry);
  }

  private static double count(Cluster cluster, MemberStatus status) {
    int count = 0;
    for (Member member : cluster.state().getMembers()) {
      if (member.status().equals(status)) {
        count++;
      }
    }
    return count;
  }

  /** "WeaklyUp" becomes "weakly_up", the Prometheus way. */
  static String statusName(MemberStatus status) {
    return status
        .toString()
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(java.util.Locale.ROOT);
  }
}
