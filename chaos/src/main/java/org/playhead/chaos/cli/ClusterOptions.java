package org.playhead.chaos.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.playhead.chaos.cluster.CassandraEndpoint;
import org.playhead.chaos.cluster.ClusterSpec;
import picocli.CommandLine.Option;

/** The cluster every chaos command runs: how many nodes, their settings, keys and Cassandra. */
final class ClusterOptions {
  @Option(
      names = "--nodes",
      defaultValue = "3",
      description = "node processes (default: ${DEFAULT-VALUE})")
  int nodes;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "a node setting for every node, e.g. --set pekko.cluster.down-removal-margin=2s"
              + " (repeatable)")
  List<String> settings = new ArrayList<>();

  @Option(
      names = "--group",
      paramLabel = "NAME=NODE[,NODE...]",
      description = "put nodes in a group for the monkey's opt-in, e.g. --group canary=node-3")
  List<String> groups = new ArrayList<>();

  @Option(
      names = "--node-heap",
      defaultValue = "512m",
      description = "each node's maximum heap (default: ${DEFAULT-VALUE})")
  String nodeHeap;

  @Option(
      names = "--work-dir",
      defaultValue = "${env:PLAYHEAD_CHAOS_DIR:-.playhead/chaos}",
      description = "node logs and reports go here (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(
      names = "--keys-file",
      defaultValue = "${env:PLAYHEAD_DEV_KEYS_FILE:-.playhead/dev-keys.json}",
      description = "dev keys nodes and players share (default: ${DEFAULT-VALUE})")
  Path keysFile;

  @Option(
      names = "--cassandra",
      paramLabel = "HOST:PORT",
      description =
          "Cassandra's CQL address (default: PLAYHEAD_CASSANDRA_CONTACT_POINT, else 127.0.0.1 on"
              + " PLAYHEAD_CASSANDRA_PORT or 9042)")
  String cassandra;

  ClusterSpec spec() {
    CassandraEndpoint endpoint =
        cassandra == null
            ? CassandraEndpoint.fromEnvironment()
            : CassandraEndpoint.parse(cassandra);
    if (!nodeHeap.matches("[0-9]+[mMgG]")) {
      throw new IllegalArgumentException("--node-heap is like 512m or 1g, got " + nodeHeap);
    }
    return ClusterSpec.of(nodes, workDir, endpoint, keysFile)
        .withJvmOptions(List.of("-Xms256m", "-Xmx" + nodeHeap, "-XX:+UseSerialGC"))
        .withSettings(pairs(settings, "--set"))
        .withGroups(groups());
  }

  private Map<String, String> groups() {
    Map<String, String> nodeToGroup = new LinkedHashMap<>();
    pairs(groups, "--group")
        .forEach(
            (group, members) -> {
              for (String node : members.split(",")) {
                nodeToGroup.put(node.trim(), group);
              }
            });
    return nodeToGroup;
  }

  static Map<String, String> pairs(List<String> items, String option) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new IllegalArgumentException(option + " takes KEY=VALUE, got '" + item + "'");
      }
      map.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
    }
    return map;
  }
}
