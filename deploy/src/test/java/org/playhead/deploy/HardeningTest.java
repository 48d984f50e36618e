package org.playhead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Least privilege on Kubernetes, checked on the rendered overlays and against the node's own
 * configuration: who may reach which port (NetworkPolicies), Pekko remoting over mutual TLS with
 * key stores from a Secret, Cassandra with credentials and TLS from a Secret, and the trusted
 * device roots, all in the production overlay; the dev overlay keeps plain TCP and no Cassandra
 * credentials.
 */
class HardeningTest {
  /** Who a policy lets in: "any" for no {@code from}, else each peer as text. */
  static Map<String, Set<String>> allowedSources(
      List<NetworkPolicy> policies,
      Map<String, String> podLabels,
      Map<String, Integer> portNumbers) {
    Map<String, Set<String>> byPort = new HashMap<>();
    for (NetworkPolicy policy : policies) {
      if (!selects(policy.getSpec().getPodSelector(), podLabels)) {
        continue;
      }
      assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        assertFalse(
            rule.getPorts() == null || rule.getPorts().isEmpty(),
            policy.getMetadata().getName() + ": a rule without ports opens every port");
        for (NetworkPolicyPort port : rule.getPorts()) {
          String name =
              port.getPort().getStrVal() != null
                  ? port.getPort().getStrVal()
                  : portName(portNumbers, port.getPort().getIntVal());
          Set<String> sources = byPort.computeIfAbsent(name, k -> new TreeSet<>());
          if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
            sources.add("any");
          } else {
            rule.getFrom().forEach(peer -> sources.add(describe(peer)));
          }
        }
      }
    }
    return byPort;
  }

  static String portName(Map<String, Integer> ports, int number) {
    return ports.entrySet().stream()
        .filter(e -> e.getValue() == number)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(Integer.toString(number));
  }

  static String describe(NetworkPolicyPeer peer) {
    assertTrue(peer.getIpBlock() == null, "no address blocks");
    String pods =
        peer.getPodSelector() == null ? "*" : peer.getPodSelector().getMatchLabels().toString();
    String namespace =
        peer.getNamespaceSelector() == null
            ? "own namespace"
            : peer.getNamespaceSelector().getMatchLabels().toString();
    return "pods " + pods + " in " + namespace;
  }

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    assertTrue(
        selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(),
        "selectors by label only");
    return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }

  static String pods(Map<String, String> labels, String key) {
    return "pods " + Map.of(key, labels.get(key)) + " in own namespace";
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void playersReachOnlyTheApiAndRemotingAndManagementOnlyTheClustersPods(String overlay)
      throws Exception {
    List<ObjectNode> objects = OverlaysTest.render(overlay);
    Deployment deployment = OverlaysTest.deployment(objects);
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Map<String, Integer> ports =
        NodeConfigurationTest.containerPorts(OverlaysTest.node(deployment));
    Map<String, Set<String>> allowed =
        allowedSources(Manifests.ofKind(objects, NetworkPolicy.class), labels, ports);
    String own = pods(labels, "app.kubernetes.io/name");
    assertEquals(Set.of("api", "remoting", "management"), allowed.keySet(), "ports named");
    assertEquals(Set.of("any"), allowed.get("api"));
    assertEquals(Set.of(own), allowed.get("remoting"));
    Set<String> management = new TreeSet<>(Set.of(own));
    if (overlay.equals("production")) {
      management.add(
          "pods {app.kubernetes.io/name=prometheus} in {kubernetes.io/metadata.name=monitoring}");
    }
    assertEquals(management, allowed.get("management"));
    for (String port : allowed.keySet()) {
      assertTrue(ports.containsKey(port), "a policy names the container's port " + port);
    }
  }

  @Test
  void devCassandraTakesCqlOnlyFromPlayheadsPods() throws Exception {
    List<ObjectNode> objects = OverlaysTest.render("dev");
    StatefulSet cassandra = Manifests.ofKind(objects, StatefulSet.class).get(0);
    Map<String, String> labels = cassandra.getSpec().getTemplate().getMetadata().getLabels();
    Map<String, Integer> ports = Map.of("cql", 9042, "intra-node", 7000);
    Map<String, Set<String>> allowed =
        allowedSources(Manifests.ofKind(objects, NetworkPolicy.class), labels, ports);
    Deployment node = OverlaysTest.deployment(objects);
    Job schema = Manifests.ofKind(objects, Job.class).get(0);
    String key = "app.kubernetes.io/name";
    assertEquals(
        Set.of(
            pods(node.getSpec().getTemplate().getMetadata().getLabels(), key),
            pods(schema.getSpec().getTemplate().getMetadata().getLabels(), key)),
        allowed.get("cql"));
    assertEquals(Set.of(pods(labels, key)), allowed.get("intra-node"));
    assertEquals(Set.of("cql", "intra-node"), allowed.keySet());
  }

  @Test
  void productionCassandraTakesCqlOnlyFromPlayheadsNamespaceAndPods() throws Exception {
    NetworkPolicy policy =
        (NetworkPolicy)
            Manifests.typed(
                Manifests.readOne(
                    Manifests.k8sDir().resolve("cassandra/k8ssandra-networkpolicy.yaml")));
    List<ObjectNode> objects = OverlaysTest.render("production");
    String namespace = OverlaysTest.deployment(objects).getMetadata().getNamespace();
    Map<String, Set<String>> allowed =
        allowedSources(
            List.of(policy),
            policy.getSpec().getPodSelector().getMatchLabels(),
            Map.of("cql", 9042, "gossip", 7000, "gossip-tls", 7001, "management-api", 8080));
    String in = " in {kubernetes.io/metadata.name=" + namespace + "}";
    assertEquals(
        Set.of(
            "pods {app.kubernetes.io/name=playhead}" + in,
            "pods {app.kubernetes.io/name=playhead-schema}" + in),
        allowed.get("cql"));
    assertEquals(
        Manifests.ofKind(objects, Job.class)
            .get(0)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels()
            .get("app.kubernetes.io/name"),
        "playhead-schema");
    String cluster =
        "pods " + policy.getSpec().getPodSelector().getMatchLabels() + " in own namespace";
    assertEquals(Set.of(cluster), allowed.get("gossip"));
    assertEquals(Set.of(cluster), allowed.get("gossip-tls"));
    assertEquals(
        Set.of("pods * in {kubernetes.io/metadata.name=k8ssandra-operator}"),
        allowed.get("management-api"));
  }

  /** The node's configuration as the pod's environment makes it (secret values as markers). */
  static Config nodeConfig(Container container) {
    Map<String, Object> env = new HashMap<>();
    for (EnvVar e : container.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom().getSecretKeyRef() != null) {
        env.put(
            e.getName(),
            "secret:"
                + e.getValueFrom().getSecretKeyRef().getName()
                + "/"
                + e.getValueFrom().getSecretKeyRef().getKey());
      } else {
        env.put(e.getName(), "field:" + e.getValueFrom().getFieldRef().getFieldPath());
      }
    }
    return ConfigFactory.parseMap(env)
        .withFallback(ConfigFactory.parseResources("kubernetes.conf"))
        // Unresolved (defaultReference() is resolved against the test's own environment), so the
        // modules' ${?PLAYHEAD_...} overrides take the pod's values too.
        .withFallback(ConfigFactory.parseResources("reference.conf"))
        .resolve();
  }

  /** The volume a path is in, as "secret:NAME/KEY" or "configMap:NAME/KEY". */
  static String mountedFrom(PodSpec pod, Container container, String path) {
    for (VolumeMount mount : container.getVolumeMounts()) {
      if (path.startsWith(mount.getMountPath() + "/")) {
        assertTrue(Boolean.TRUE.equals(mount.getReadOnly()), mount.getMountPath() + " read-only");
        String file = path.substring(mount.getMountPath().length() + 1);
        Volume volume =
            pod.getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
        if (volume.getSecret() != null) {
          return "secret:"
              + volume.getSecret().getSecretName()
              + "/"
              + key(volume.getSecret().getItems(), file);
        }
        if (volume.getConfigMap() != null) {
          return "configMap:"
              + volume.getConfigMap().getName()
              + "/"
              + key(volume.getConfigMap().getItems(), file);
        }
        return "other:" + volume.getName();
      }
    }
    return "not mounted";
  }

  static String key(List<io.fabric8.kubernetes.api.model.KeyToPath> items, String file) {
    return items.stream()
        .filter(i -> i.getPath().equals(file))
        .map(io.fabric8.kubernetes.api.model.KeyToPath::getKey)
        .findFirst()
        .orElse("missing " + file);
  }

  @Test
  void productionRemotingIsMutualTlsWithKeyStoresFromASecret() throws Exception {
    Deployment deployment = OverlaysTest.deployment(OverlaysTest.render("production"));
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container node = OverlaysTest.node(deployment);
    Config artery = nodeConfig(node).getConfig("pekko.remote.artery");
    assertEquals("tls-tcp", artery.getString("transport"));
    Config ssl = artery.getConfig("ssl.config-ssl-engine");
    assertEquals(
        "secret:playhead-remoting-tls/keystore.p12",
        mountedFrom(pod, node, ssl.getString("key-store")));
    assertEquals(
        "secret:playhead-remoting-tls/truststore.p12",
        mountedFrom(pod, node, ssl.getString("trust-store")));
    assertEquals(
        "secret:playhead-remoting-tls/keystore-password", ssl.getString("key-store-password"));
    assertEquals("secret:playhead-remoting-tls/keystore-password", ssl.getString("key-password"));
    assertEquals(
        "secret:playhead-remoting-tls/truststore-password", ssl.getString("trust-store-password"));
    assertTrue(ssl.getBoolean("require-mutual-authentication"));
    assertEquals("TLSv1.3", ssl.getString("protocol"));
    // The engine provider artery uses for tls-tcp is the one reading config-ssl-engine.
    assertEquals(
        "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider",
        artery.getString("ssl.ssl-engine-provider"));
  }

  @Test
  void productionCassandraUsesCredentialsAndTlsFromASecretForNodesAndTheSchemaJob()
      throws Exception {
    List<ObjectNode> objects = OverlaysTest.render("production");
    Deployment deployment = OverlaysTest.deployment(objects);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container node = OverlaysTest.node(deployment);
    Config driver = nodeConfig(node).getConfig("datastax-java-driver.advanced");
    assertEquals("PlainTextAuthProvider", driver.getString("auth-provider.class"));
    assertEquals("secret:playhead-cassandra/username", driver.getString("auth-provider.username"));
    assertEquals("secret:playhead-cassandra/password", driver.getString("auth-provider.password"));
    assertEquals("DefaultSslEngineFactory", driver.getString("ssl-engine-factory.class"));
    assertEquals(
        "secret:playhead-cassandra/truststore.p12",
        mountedFrom(pod, node, driver.getString("ssl-engine-factory.truststore-path")));
    assertEquals(
        "secret:playhead-cassandra/truststore-password",
        driver.getString("ssl-engine-factory.truststore-password"));
    assertTrue(driver.getBoolean("ssl-engine-factory.hostname-validation"));

    // The schema job logs in with the same role and trusts the same CA (CqlTool's variables).
    Job job = Manifests.ofKind(objects, Job.class).get(0);
    PodSpec jobPod = job.getSpec().getTemplate().getSpec();
    Container schema = jobPod.getContainers().get(0);
    Map<String, EnvVar> env = OverlaysTest.env(schema);
    for (String name :
        List.of(
            "PLAYHEAD_CASSANDRA_USERNAME",
            "PLAYHEAD_CASSANDRA_PASSWORD",
            "PLAYHEAD_CASSANDRA_TRUSTSTORE_PASSWORD")) {
      assertEquals(
          OverlaysTest.env(node).get(name).getValueFrom().getSecretKeyRef(),
          env.get(name).getValueFrom().getSecretKeyRef(),
          name);
    }
    assertEquals(
        "secret:playhead-cassandra/truststore.p12",
        mountedFrom(jobPod, schema, env.get("PLAYHEAD_CASSANDRA_TRUSTSTORE").getValue()));
    String cqlTool =
        java.nio.file.Files.readString(Manifests.deployDir().resolve("cassandra/CqlTool.java"));
    for (String name : env.keySet()) {
      assertTrue(cqlTool.contains("\"" + name + "\""), "CqlTool reads " + name);
    }
  }

  @Test
  void devKeepsPlainRemotingAndNoCassandraCredentials() throws Exception {
    Container node = OverlaysTest.node(OverlaysTest.deployment(OverlaysTest.render("dev")));
    Config config = nodeConfig(node);
    assertEquals("tcp", config.getString("pekko.remote.artery.transport"));
    assertFalse(config.hasPath("datastax-java-driver.advanced.auth-provider.class"));
    assertFalse(config.hasPath("datastax-java-driver.advanced.ssl-engine-factory.class"));
  }

  @Test
  void productionTrustsTheDeviceRootsOfAConfigMap() throws Exception {
    Deployment deployment = OverlaysTest.deployment(OverlaysTest.render("production"));
    Container node = OverlaysTest.node(deployment);
    String roots = nodeConfig(node).getString("playhead.license.devices.trusted-roots-file");
    assertEquals(
        "configMap:playhead-device-roots/roots.pem",
        mountedFrom(deployment.getSpec().getTemplate().getSpec(), node, roots));
    assertNotNull(Path.of(roots).getFileName());
  }
}
