package org.playhead.chaos.cluster;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What cluster to run: how many nodes, where their logs go, which Cassandra and token keys they
 * use, and any setting to override on every node (as {@code -Dkey=value}).
 *
 * @param nodes how many node processes (named node-1, node-2, ...)
 * @param host the loopback (or other local) address every port binds to
 * @param workDir where node logs go ({@code nodes/<name>.log})
 * @param cassandra the Cassandra every node writes to
 * @param devKeysFile the dev keys file nodes verify tokens with (and players sign with)
 * @param settings config overrides for every node, e.g. {@code playhead.session.lease-ttl=30s}
 * @param jvmOptions JVM options of every node process
 * @param groups node name to group, for the chaos monkey's opt-in; nodes not named are "default"
 * @param startTimeout how long a node may take to become ready
 */
public record ClusterSpec(
    int nodes,
    String host,
    Path workDir,
    CassandraEndpoint cassandra,
    Path devKeysFile,
    Map<String, String> settings,
    List<String> jvmOptions,
    Map<String, String> groups,
    Duration startTimeout) {

  public static final int MAX_NODES = 9;
  public static final String DEFAULT_GROUP = "default";

  /** Small heaps and the serial collector: several nodes share two cores here. */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC");

  public ClusterSpec {
    if (nodes < 1 || nodes > MAX_NODES) {
      throw new IllegalArgumentException("nodes must be between 1 and " + MAX_NODES);
    }
    settings = Map.copyOf(settings);
    jvmOptions = List.copyOf(jvmOptions);
    groups = Map.copyOf(groups);
    for (String name : groups.keySet()) {
      if (!nodeNames(nodes).contains(name)) {
        throw new IllegalArgumentException(
            "group given for " + name + ", which is not one of " + nodeNames(nodes));
      }
    }
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive");
    }
  }

  /**
   * Settings every kit node starts with. Several JVMs starting at once on two shared cores took
   * longer than Artery's 3 s to bind its port, and the node exited. The kit runs no Kafka, so its
   * nodes run with analytics off (their journals are still tagged): a node with it on would keep
   * reconnecting producers, consumers and projections to a broker that is not there.
   */
  public static final Map<String, String> KIT_SETTINGS =
      Map.of("pekko.remote.artery.bind.bind-timeout", "30s", "playhead.analytics.enabled", "off");

  public static ClusterSpec of(int nodes, Path workDir, CassandraEndpoint cassandra, Path keys) {
    return new ClusterSpec(
        nodes,
        "127.0.0.1",
        workDir,
        cassandra,
        keys,
        KIT_SETTINGS,
        DEFAULT_JVM_OPTIONS,
        Map.of(),
        Duration.ofSeconds(120));
  }

  public ClusterSpec withSettings(Map<String, String> more) {
    Map<String, String> merged = new LinkedHashMap<>(settings);
    merged.putAll(more);
    return new ClusterSpec(
        nodes, host, workDir, cassandra, devKeysFile, merged, jvmOptions, groups, startTimeout);
  }

  public ClusterSpec withGroups(Map<String, String> nodeGroups) {
    return new ClusterSpec(
        nodes,
        host,
        workDir,
        cassandra,
        devKeysFile,
        settings,
        jvmOptions,
        nodeGroups,
        startTimeout);
  }

  public ClusterSpec withJvmOptions(List<String> options) {
    return new ClusterSpec(
        nodes, host, workDir, cassandra, devKeysFile, settings, options, groups, startTimeout);
  }

  public static List<String> nodeNames(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      names.add("node-" + i);
    }
    return names;
  }

  public List<String> nodeNames() {
    return nodeNames(nodes);
  }

  public String groupOf(String node) {
    return groups.getOrDefault(node, DEFAULT_GROUP);
  }

  /**
   * The configuration a node of this cluster runs with (its application.conf, this spec's
   * overrides, the environment), read from the node's classpath: what the kit reads shard counts
   * and intervals from.
   */
  public Config nodeConfig() {
    return NodeBuild.config(settings);
  }
}
