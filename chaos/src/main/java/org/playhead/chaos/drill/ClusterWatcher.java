package org.playhead.chaos.drill;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.playhead.chaos.cluster.ClusterNode;
import org.playhead.chaos.cluster.ClusterView;
import org.playhead.chaos.cluster.PlayheadCluster;
import org.playhead.chaos.cluster.ShardMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every answering node's management endpoints and keeps what changed: membership as each node
 * saw it (who became unreachable, down, removed, up) and where each playback-session shard
 * appeared. The failover phases are read from these records afterwards.
 */
public final class ClusterWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterWatcher.class);

  private final PlayheadCluster cluster;
  private final ScheduledExecutorService poller =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "cluster-watcher");
            t.setDaemon(true);
            return t;
          });
  private final List<MembershipEvent> events = new CopyOnWriteArrayList<>();
  private final List<ShardAppearance> appearances = new CopyOnWriteArrayList<>();

  /** Per observer incarnation: member to last status, and who it saw unreachable. */
  private final Map<String, Map<String, String>> statuses = new HashMap<>();

  private final Map<String, Set<String>> unreachable = new HashMap<>();
  private final Map<String, Set<String>> shards = new HashMap<>();

  private ClusterWatcher(PlayheadCluster cluster) {
    this.cluster = cluster;
  }

  public static ClusterWatcher start(
      PlayheadCluster cluster, Duration membersEvery, Duration shardsEvery) {
    ClusterWatcher watcher = new ClusterWatcher(cluster);
    watcher.poller.scheduleWithFixedDelay(
        watcher::pollMembers, 0, membersEvery.toMillis(), TimeUnit.MILLISECONDS);
    watcher.poller.scheduleWithFixedDelay(
        watcher::pollShards, 0, shardsEvery.toMillis(), TimeUnit.MILLISECONDS);
    return watcher;
  }

  public List<MembershipEvent> events() {
    return List.copyOf(events);
  }

  public List<ShardAppearance> appearances() {
    return List.copyOf(appearances);
  }

  private static String key(ClusterNode node) {
    return node.name() + "#" + node.incarnation();
  }

  private String nameOf(String address) {
    return cluster.byAddress(address).map(ClusterNode::name).orElse(address);
  }

  private void pollMembers() {
    try {
      for (ClusterNode observer : cluster.answeringNodes()) {
        ClusterView view;
        try {
          view = cluster.management().members(observer.endpoint());
        } catch (IOException e) {
          continue; // starting, frozen or gone: the kit knows which
        }
        record(observer, view, Instant.now());
      }
    } catch (RuntimeException e) {
      log.warn("Membership poll failed", e);
    }
  }

  private synchronized void record(ClusterNode observer, ClusterView view, Instant at) {
    String key = key(observer);
    Map<String, String> last = statuses.computeIfAbsent(key, k -> new HashMap<>());
    Set<String> lastUnreachable = unreachable.computeIfAbsent(key, k -> new HashSet<>());
    Set<String> present = new HashSet<>();
    for (ClusterView.Member member : view.members()) {
      String name = nameOf(member.node());
      present.add(name);
      String status = member.status().toLowerCase(Locale.ROOT).replace("weaklyup", "weakly-up");
      if (!status.equals(last.put(name, status))) {
        events.add(new MembershipEvent(at, observer.name(), name, status));
      }
    }
    for (String gone : new ArrayList<>(last.keySet())) {
      if (!present.contains(gone)) {
        last.remove(gone);
        events.add(new MembershipEvent(at, observer.name(), gone, MembershipEvent.REMOVED));
      }
    }
    Set<String> nowUnreachable = new HashSet<>();
    for (ClusterView.Unreachable u : view.unreachable()) {
      nowUnreachable.add(nameOf(u.node()));
    }
    for (String name : nowUnreachable) {
      if (!lastUnreachable.contains(name)) {
        events.add(new MembershipEvent(at, observer.name(), name, MembershipEvent.UNREACHABLE));
      }
    }
    for (String name : lastUnreachable) {
      if (!nowUnreachable.contains(name) && present.contains(name)) {
        events.add(new MembershipEvent(at, observer.name(), name, MembershipEvent.REACHABLE));
      }
    }
    lastUnreachable.clear();
    lastUnreachable.addAll(nowUnreachable);
  }

  private void pollShards() {
    try {
      for (ClusterNode node : cluster.answeringNodes()) {
        Map<String, Integer> hosted;
        try {
          hosted = cluster.management().shards(node.endpoint(), ShardMap.PLAYBACK_SESSION);
        } catch (IOException e) {
          continue;
        }
        recordShards(node, hosted.keySet(), Instant.now());
      }
    } catch (RuntimeException e) {
      log.warn("Shard poll failed", e);
    }
  }

  private synchronized void recordShards(ClusterNode node, Collection<String> hosted, Instant at) {
    Set<String> known = shards.computeIfAbsent(key(node), k -> new HashSet<>());
    for (String shard : hosted) {
      if (known.add(shard)) {
        appearances.add(new ShardAppearance(at, shard, node.name()));
      }
    }
    known.retainAll(hosted);
  }

  /** The first time after {@code after} that a node other than {@code member} reported a change. */
  public static Optional<Instant> firstChange(
      List<MembershipEvent> events, String member, Set<String> changes, Instant after) {
    return events.stream()
        .filter(e -> e.member().equals(member))
        .filter(e -> !e.observer().equals(member))
        .filter(e -> changes.contains(e.change()))
        .map(MembershipEvent::at)
        .filter(at -> !at.isBefore(after))
        .min(Instant::compareTo);
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
