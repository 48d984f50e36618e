package org.playhead.chaos.cluster;

import java.util.List;
import java.util.Optional;

/**
 * One node's view of the cluster, as Pekko Management's {@code /cluster/members} answers it.
 * Addresses are Pekko node addresses ({@code pekko://Playhead@127.0.0.1:25520}).
 *
 * @param selfNode the address of the node that answered
 * @param members every member it knows, with its status (Joining, Up, Leaving, Exiting, Down...)
 * @param unreachable members its failure detector (or another observer's) marks unreachable
 * @param leader the leader's address, if any
 * @param oldest the oldest member's address: where cluster singletons (the shard coordinator) run
 */
public record ClusterView(
    String selfNode,
    List<Member> members,
    List<Unreachable> unreachable,
    String leader,
    String oldest) {

  public record Member(String node, String status) {}

  public record Unreachable(String node, List<String> observedBy) {}

  public ClusterView {
    members = List.copyOf(members);
    unreachable = List.copyOf(unreachable);
  }

  public Optional<String> statusOf(String address) {
    return members.stream().filter(m -> m.node().equals(address)).map(Member::status).findFirst();
  }

  public boolean isUnreachable(String address) {
    return unreachable.stream().anyMatch(u -> u.node().equals(address));
  }

  /** Every member Up and reachable, and exactly {@code expected} of them. */
  public boolean healthy(int expected) {
    return unreachable.isEmpty()
        && members.size() == expected
        && members.stream().allMatch(m -> m.status().equals("Up"));
  }
}
