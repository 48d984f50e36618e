package org.playhead.steering;

import java.util.List;
import java.util.TreeSet;

/**
 * Player-reported failures of one cache within the failure window, as the health decision weighs
 * them: how many reports count (each session's capped), from how many distinct sessions, and from
 * which client networks (a /24 for IPv4, a /48 for IPv6, hashed; see {@link ClientNetworks}).
 *
 * <p>One node tallies what its own sessions report; the cluster's view merges every node's tally
 * (sessions live on one node each, so their counts add; the same network can report through several
 * nodes, so networks are a union).
 *
 * @param reports reports counted, each session's at most the policy's per-session cap
 * @param sessions distinct sessions that reported
 * @param networks distinct client networks that reported, sorted, at most {@link #MAX_NETWORKS}
 */
public record FailureTally(int reports, int sessions, List<Long> networks) {

  /** More networks than any threshold needs: a tally stays small however many report. */
  public static final int MAX_NETWORKS = 32;

  public static final FailureTally NONE = new FailureTally(0, 0, List.of());

  public FailureTally {
    networks = List.copyOf(networks);
  }

  /** This node's tally and another's, as one. */
  public FailureTally merge(FailureTally other) {
    TreeSet<Long> union = new TreeSet<>(networks);
    union.addAll(other.networks);
    List<Long> bounded = union.stream().limit(MAX_NETWORKS).toList();
    return new FailureTally(reports + other.reports, sessions + other.sessions, bounded);
  }
}
