package org.playhead.chaos.cluster;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.playhead.chaos.Await;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Playhead cluster of N node processes on one machine: distinct ports per node, every node a seed
 * node (so any of them can be restarted and find the others), one Cassandra, one set of token keys.
 * Started by {@link #start}, ended by {@link #close}.
 */
public final class PlayheadCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlayheadCluster.class);

  private final ClusterSpec spec;
  private final Map<String, ClusterNode> nodes;
  private final ManagementClient management = new ManagementClient();
  private final SessionProbe probe;
  private final Thread shutdownHook = new Thread(this::stopNodes, "playhead-cluster-shutdown");

  private PlayheadCluster(ClusterSpec spec, Map<String, ClusterNode> nodes) {
    this.spec = spec;
    this.nodes = nodes;
    this.probe = new SessionProbe(spec.devKeysFile());
  }

  /**
   * Launches every node at once and returns when all are Up, see each other, and serve sessions.
   */
  public static PlayheadCluster start(ClusterSpec spec) throws Exception {
    List<String> names = spec.nodeNames();
    List<NodePorts> ports = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      ports.add(NodePorts.free(spec.host()));
    }
    List<String> seeds =
        ports.stream().map(p -> ClusterNode.address(spec.host(), p.remoting())).toList();
    String classpath = NodeBuild.runtime().classpath();
    Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      nodes.put(
          name,
          new ClusterNode(
              name,
              spec.groupOf(name),
              spec.host(),
              ports.get(i),
              ClusterNode.command(spec, classpath, ports.get(i), seeds),
              ClusterNode.command(spec, classpath, ports.get(i), othersFirst(seeds, i)),
              spec.workDir().resolve("nodes").resolve(name + ".log")));
    }
    PlayheadCluster cluster = new PlayheadCluster(spec, nodes);
    // Node processes must not outlive the JVM that controls them (Ctrl-C, a killed test run).
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      Instant started = Instant.now();
      for (ClusterNode node : nodes.values()) {
        node.launch();
      }
      for (ClusterNode node : nodes.values()) {
        node.awaitReady(cluster.management, spec.startTimeout());
      }
      cluster.awaitHealthy(spec.startTimeout());
      for (ClusterNode node : nodes.values()) {
        cluster.probe.awaitServing(node.endpoint(), spec.startTimeout());
      }
      log.info(
          "Cluster of {} nodes Up in {} ms: {}",
          nodes.size(),
          Duration.between(started, Instant.now()).toMillis(),
          nodes.values());
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The other nodes' addresses: a node restarting joins them and never founds a cluster. */
  static List<String> othersFirst(List<String> seeds, int self) {
    if (seeds.size() == 1) {
      return seeds; // a lone node has no one else to join
    }
    List<String> others = new ArrayList<>(seeds);
    others.remove(self);
    return others;
  }

  public ClusterSpec spec() {
    return spec;
  }

  public ManagementClient management() {
    return management;
  }

  public List<ClusterNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public ClusterNode node(String name) {
    ClusterNode node = nodes.get(name);
    if (node == null) {
      throw new IllegalArgumentException("No node " + name + "; nodes are " + nodes.keySet());
    }
    return node;
  }

  /** Every node's endpoints, whatever its state (players keep their list of nodes). */
  public List<NodeEndpoint> endpoints() {
    return nodes.values().stream().map(ClusterNode::endpoint).toList();
  }

  /** The nodes that run and are not frozen. */
  public List<ClusterNode> answeringNodes() {
    return nodes.values().stream().filter(ClusterNode::answering).toList();
  }

  public Optional<ClusterNode> byAddress(String address) {
    return nodes.values().stream().filter(n -> n.address().equals(address)).findFirst();
  }

  /** The cluster as the first answering node sees it. */
  public ClusterView view() throws IOException {
    IOException last = null;
    for (ClusterNode node : answeringNodes()) {
      try {
        return management.members(node.endpoint());
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new IOException("No node answers");
  }

  /** The oldest member, which hosts the shard coordinator. */
  public Optional<ClusterNode> oldest() throws IOException {
    String oldest = view().oldest();
    return oldest == null ? Optional.empty() : byAddress(oldest);
  }

  /**
   * Whether every node that runs (frozen ones included) is an Up member that every answering node
   * sees reachable, and no other member is left.
   */
  public boolean healthy() {
    return problem().isEmpty();
  }

  /** What keeps the cluster from being {@link #healthy()}, if anything. */
  public Optional<String> problem() {
    Set<String> expected =
        nodes.values().stream()
            .filter(n -> !n.state().isDown())
            .map(ClusterNode::address)
            .collect(Collectors.toSet());
    for (ClusterNode node : nodes.values()) {
      NodeState state = node.state();
      if (state.isDown() || state == NodeState.FROZEN || state == NodeState.STARTING) {
        return Optional.of(node.name() + " is " + state.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    for (ClusterNode node : answeringNodes()) {
      ClusterView view;
      try {
        view = management.members(node.endpoint());
      } catch (IOException e) {
        return Optional.of(node.name() + " does not answer management: " + e.getMessage());
      }
      if (!view.unreachable().isEmpty()) {
        return Optional.of(
            node.name()
                + " sees "
                + view.unreachable().stream().map(u -> nameOf(u.node())).toList()
                + " unreachable");
      }
      Set<String> members =
          view.members().stream().map(ClusterView.Member::node).collect(Collectors.toSet());
      if (!members.equals(expected) || !view.healthy(expected.size())) {
        return Optional.of(
            node.name()
                + " sees members "
                + view.members().stream().map(m -> nameOf(m.node()) + " " + m.status()).toList());
      }
    }
    return Optional.empty();
  }

  private String nameOf(String address) {
    return byAddress(address).map(ClusterNode::name).orElse(address);
  }

  /** Waits until {@link #healthy()}. */
  public void awaitHealthy(Duration timeout) throws InterruptedException, TimeoutException {
    try {
      Await.until("a healthy cluster", timeout, Duration.ofMillis(250), this::healthy);
    } catch (TimeoutException notHealthy) {
      StringBuilder views = new StringBuilder();
      for (ClusterNode node : answeringNodes()) {
        try {
          views
              .append('\n')
              .append(node.name())
              .append(": ")
              .append(management.members(node.endpoint()));
        } catch (IOException e) {
          views.append('\n').append(node.name()).append(": ").append(e.getMessage());
        }
      }
      // What kept it unhealthy last, then how each node sees the membership now.
      throw new TimeoutException(
          "Cluster not healthy within " + timeout + ": " + problem().orElse("healthy now") + views);
    }
  }

  /** Launches a node that is down again, on its own ports, and waits until it is Up. */
  public void restart(String name) throws Exception {
    ClusterNode node = node(name);
    if (!node.state().isDown()) {
      throw new IllegalStateException(name + " is " + node.state() + ", not down");
    }
    // A node told to leave (SIGTERM) may still be handing its shards off.
    if (!node.awaitExit(Duration.ofSeconds(60))) {
      throw new IllegalStateException(name + " has not exited 60 s after it was stopped");
    }
    node.launch();
    node.awaitReady(management, spec.startTimeout());
    probe.awaitServing(node.endpoint(), spec.startTimeout());
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to
    }
    stopNodes();
  }

  private void stopNodes() {
    List<Thread> stopping = new ArrayList<>();
    for (ClusterNode node : nodes.values()) {
      Thread t =
          new Thread(
              () -> {
                try {
                  node.shutdown(Duration.ofSeconds(15));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "stop-" + node.name());
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
