package org.playhead.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterNodeCommandTest {

  @Test
  void aNodeGetsItsPortsTheSeedsCassandraKeysAndOverrides() {
    ClusterSpec spec =
        ClusterSpec.of(
                2, Path.of("work"), new CassandraEndpoint("127.0.0.1", 9142), Path.of("keys.json"))
            .withSettings(Map.of("playhead.session.lease-ttl", "30s"));
    List<String> command =
        ClusterNode.command(
            spec,
            "a.jar:b.jar",
            new NodePorts(8081, 25521, 8559),
            List.of("pekko://Playhead@127.0.0.1:25521", "pekko://Playhead@127.0.0.1:25522"));
    assertTrue(command.get(0).endsWith("/bin/java"));
    assertEquals(org.playhead.devkit.NodeRuntime.MAIN_CLASS, command.get(command.size() - 1));
    assertTrue(command.containsAll(ClusterSpec.DEFAULT_JVM_OPTIONS));
    assertEquals("a.jar:b.jar", command.get(command.indexOf("-cp") + 1));
    assertTrue(command.contains("-Dplayhead.http.port=8081"));
    assertTrue(command.contains("-Dpekko.remote.artery.canonical.port=25521"));
    assertTrue(command.contains("-Dpekko.management.http.port=8559"));
    assertTrue(command.contains("-Dpekko.cluster.seed-nodes.0=pekko://Playhead@127.0.0.1:25521"));
    assertTrue(command.contains("-Dpekko.cluster.seed-nodes.1=pekko://Playhead@127.0.0.1:25522"));
    assertTrue(command.contains("-Dplayhead.cassandra.contact-point=127.0.0.1:9142"));
    assertTrue(command.contains("-Dplayhead.session.lease-ttl=30s"));
    assertTrue(
        command.contains(
            "-Dplayhead.security.dev-keys-file=" + Path.of("keys.json").toAbsolutePath()));
  }

  @Test
  void aSpecNamesItsNodesAndGroupsAndRefusesStrangers() {
    ClusterSpec spec =
        ClusterSpec.of(3, Path.of("w"), new CassandraEndpoint("h", 1), Path.of("k"))
            .withGroups(Map.of("node-3", "canary"));
    assertEquals(List.of("node-1", "node-2", "node-3"), spec.nodeNames());
    assertEquals("canary", spec.groupOf("node-3"));
    assertEquals(ClusterSpec.DEFAULT_GROUP, spec.groupOf("node-1"));
    assertThrows(IllegalArgumentException.class, () -> spec.withGroups(Map.of("node-4", "x")));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusterSpec.of(0, Path.of("w"), new CassandraEndpoint("h", 1), Path.of("k")));
  }
}
