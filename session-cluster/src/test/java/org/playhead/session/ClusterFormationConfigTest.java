package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** Local and test runs form the cluster from seed nodes; Kubernetes from Cluster Bootstrap. */
class ClusterFormationConfigTest {
  @Test
  void localRunsJoinTheirSeedNodesWithoutBootstrap() {
    Config config = ConfigFactory.load();
    assertFalse(config.getBoolean("playhead.cluster.bootstrap"));
    assertEquals(
        java.util.List.of("pekko://Playhead@127.0.0.1:25520"),
        config.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void kubernetesFormsTheClusterByBootstrapWithKubernetesApiDiscovery() {
    ConfigFactory.invalidateCaches();
    Config config = ConfigFactory.load("kubernetes.conf");
    assertTrue(config.getBoolean("playhead.cluster.bootstrap"));
    assertTrue(config.getStringList("pekko.cluster.seed-nodes").isEmpty());
    String discovery = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertEquals("kubernetes-api", config.getString(discovery + "discovery-method"));
    assertEquals("management", config.getString(discovery + "port-name"));
    assertEquals(
        "org.apache.pekko.discovery.kubernetes.KubernetesApiServiceDiscovery",
        config.getString("pekko.discovery.kubernetes-api.class"));
    // Everything else is the node's usual configuration.
    assertEquals(8080, config.getInt("playhead.http.port"));
    assertEquals(
        "org.playhead.session.metrics.MetricsRoutes$Provider",
        config.getString("pekko.management.http.routes.metrics"));
  }
}
