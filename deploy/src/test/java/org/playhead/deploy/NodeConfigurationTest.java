package org.playhead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered overlays against the node's own configuration, read with Typesafe Config from the
 * session-cluster jar (kubernetes.conf, which includes application.conf): ports, probe paths,
 * Cluster Bootstrap's discovery, RBAC, secrets. A changed port or path in the node fails here.
 */
class NodeConfigurationTest {
  /** Must exist: a missing resource would otherwise load as an empty configuration. */
  static final Config NODE =
      ConfigFactory.load(
          "kubernetes.conf",
          ConfigParseOptions.defaults().setAllowMissing(false),
          ConfigResolveOptions.defaults());

  static Map<String, Integer> containerPorts(Container container) {
    return container.getPorts().stream()
        .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void portsAndProbesAreTheNodes(String overlay) throws Exception {
    List<ObjectNode> objects = OverlaysTest.render(overlay);
    Deployment deployment = OverlaysTest.deployment(objects);
    Container node = OverlaysTest.node(deployment);
    assertEquals(
        Map.of(
            "api", NODE.getInt("playhead.http.port"),
            "management", NODE.getInt("pekko.management.http.port"),
            "remoting", NODE.getInt("pekko.remote.artery.canonical.port")),
        containerPorts(node));
    String readiness = "/" + NODE.getString("pekko.management.health-checks.readiness-path");
    String liveness = "/" + NODE.getString("pekko.management.health-checks.liveness-path");
    assertEquals(readiness, node.getReadinessProbe().getHttpGet().getPath());
    assertEquals("management", node.getReadinessProbe().getHttpGet().getPort().getStrVal());
    assertEquals(liveness, node.getLivenessProbe().getHttpGet().getPath());
    assertEquals("management", node.getLivenessProbe().getHttpGet().getPort().getStrVal());
    assertEquals(liveness, node.getStartupProbe().getHttpGet().getPath());
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals(
        String.valueOf(NODE.getInt("pekko.management.http.port")),
        annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));

    // Services send to named ports the container has.
    for (Service service : Manifests.ofKind(objects, Service.class)) {
      if (service.getSpec().getSelector().equals(podLabels(deployment, "app.kubernetes.io/name"))) {
        for (ServicePort port : service.getSpec().getPorts()) {
          String target = port.getTargetPort().getStrVal();
          assertTrue(containerPorts(node).containsKey(target), service.getMetadata().getName());
          assertEquals(containerPorts(node).get(target), port.getPort());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void clusterBootstrapFindsThePodsWithTheRightsItHas(String overlay) throws Exception {
    List<ObjectNode> objects = OverlaysTest.render(overlay);
    Deployment deployment = OverlaysTest.deployment(objects);
    Container node = OverlaysTest.node(deployment);
    Map<String, EnvVar> env = OverlaysTest.env(node);
    assertTrue(
        env.get("JAVA_TOOL_OPTIONS").getValue().contains("-Dconfig.resource=kubernetes.conf"));
    assertTrue(NODE.getBoolean("playhead.cluster.bootstrap"));
    String discovery = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertEquals("kubernetes-api", NODE.getString(discovery + "discovery-method"));
    // The pod label selector, filled with the service name, selects the Deployment's pods.
    String selector =
        NODE.getString("pekko.discovery.kubernetes-api.pod-label-selector")
            .formatted(NODE.getString(discovery + "service-name"));
    String[] label = selector.split("=");
    assertEquals(label[1], podLabels(deployment, label[0]).get(label[0]), selector);
    assertTrue(containerPorts(node).containsKey(NODE.getString(discovery + "port-name")));
    assertEquals(
        "status.podIP",
        env.get("PLAYHEAD_REMOTE_HOST").getValueFrom().getFieldRef().getFieldPath());
    assertEquals(
        "status.podIP",
        env.get("PLAYHEAD_MANAGEMENT_HOST").getValueFrom().getFieldRef().getFieldPath());
    // The owner hint names the pod itself (its address, the API port), never a shared name.
    assertEquals(
        "http://$(PLAYHEAD_REMOTE_HOST):" + containerPorts(node).get("api"),
        env.get("PLAYHEAD_OWNER_URL").getValue());
    assertFalse(env.containsKey("PLAYHEAD_APP_VERSION"), "the image's own version must win");

    // The pods' service account may list pods in their namespace, and nothing more.
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    RoleBinding binding = Manifests.ofKind(objects, RoleBinding.class).get(0);
    assertEquals(pod.getServiceAccountName(), binding.getSubjects().get(0).getName());
    assertEquals(
        deployment.getMetadata().getNamespace(), binding.getSubjects().get(0).getNamespace());
    Role role = Manifests.ofKind(objects, Role.class).get(0);
    assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
    PolicyRule rule = role.getRules().get(0);
    assertEquals(1, role.getRules().size());
    assertEquals(List.of("pods"), rule.getResources());
    assertEquals(Set.of("get", "watch", "list"), Set.copyOf(rule.getVerbs()));

    PodDisruptionBudget pdb = Manifests.ofKind(objects, PodDisruptionBudget.class).get(0);
    assertEquals(
        deployment.getSpec().getSelector().getMatchLabels(),
        pdb.getSpec().getSelector().getMatchLabels());
    assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
    assertEquals(
        0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void everySigningKeyTheNodeReadsComesFromASecret(String overlay) throws Exception {
    Map<String, EnvVar> env =
        OverlaysTest.env(OverlaysTest.node(OverlaysTest.deployment(OverlaysTest.render(overlay))));
    Set<String> keys = signingKeyVariables();
    assertEquals(
        Set.of(
            "PLAYHEAD_PLAYER_SIGNING_KEY",
            "PLAYHEAD_CARE_SIGNING_KEY",
            "PLAYHEAD_SRE_SIGNING_KEY",
            "PLAYHEAD_PACKAGER_SIGNING_KEY"),
        keys);
    for (String key : keys) {
      assertNotNull(env.get(key), key);
      assertNotNull(env.get(key).getValueFrom().getSecretKeyRef(), key + " from a Secret");
      assertFalse(
          Boolean.TRUE.equals(env.get(key).getValueFrom().getSecretKeyRef().getOptional()),
          key + " is required");
    }
    assertFalse(env.containsKey("PLAYHEAD_DEV_KEYS_FILE"), "never development keys");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void theSchemaJobAndTheNodeReachTheSameCassandra(String overlay) throws Exception {
    List<ObjectNode> objects = OverlaysTest.render(overlay);
    Map<String, String> config = OverlaysTest.config(objects);
    Container node = OverlaysTest.node(OverlaysTest.deployment(objects));
    assertEquals(
        "$(PLAYHEAD_CASSANDRA_HOST):$(PLAYHEAD_CASSANDRA_PORT)",
        OverlaysTest.env(node).get("PLAYHEAD_CASSANDRA_CONTACT_POINT").getValue());
    Job job = Manifests.ofKind(objects, Job.class).get(0);
    Container schema = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(node.getImage(), schema.getImage(), "the schema of the image being rolled out");
    assertEquals(
        List.of("java", "-cp", "@/app/jib-classpath-file", "CqlTool"), schema.getCommand());
    assertTrue(
        schema
            .getArgs()
            .containsAll(List.of("$(PLAYHEAD_CASSANDRA_HOST)", "apply", "/app/schema")));
    assertEquals("playhead-config", schema.getEnvFrom().get(0).getConfigMapRef().getName());
    // Every $(VAR) the node's and the job's containers use is defined by the ConfigMap or env.
    for (Container container : List.of(node, schema)) {
      Set<String> defined = new TreeSet<>(config.keySet());
      container.getEnv().forEach(e -> defined.add(e.getName()));
      Matcher refs =
          Pattern.compile("\\$\\(([A-Z_]+)\\)")
              .matcher(String.join(" ", Manifests.YAML.writeValueAsString(container)));
      while (refs.find()) {
        assertTrue(defined.contains(refs.group(1)), container.getName() + ": " + refs.group(1));
      }
    }
    assertEquals(
        NODE.getString("playhead.cassandra.keyspace"),
        schema.getArgs().get(schema.getArgs().indexOf("--keyspace") + 1));
  }

  static Map<String, String> podLabels(Deployment deployment, String key) {
    return Map.of(key, deployment.getSpec().getTemplate().getMetadata().getLabels().get(key));
  }

  /** The signing-key variables security.conf reads, from the node's own resource. */
  static Set<String> signingKeyVariables() throws IOException {
    try (InputStream in = NodeConfigurationTest.class.getResourceAsStream("/security.conf")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher matcher = Pattern.compile("\\$\\{\\?(PLAYHEAD_[A-Z_]*SIGNING_KEY)}").matcher(text);
      Set<String> names = new TreeSet<>();
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
      return names;
    }
  }
}
