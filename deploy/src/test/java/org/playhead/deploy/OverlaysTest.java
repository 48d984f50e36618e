package org.playhead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlays build, and what they change lands where it should. */
class OverlaysTest {
  static List<ObjectNode> render(String overlay) throws Exception {
    return KustomizeRenderer.render(Manifests.k8sDir().resolve("overlays").resolve(overlay));
  }

  static Deployment deployment(List<ObjectNode> objects) {
    List<Deployment> found = Manifests.ofKind(objects, Deployment.class);
    assertEquals(1, found.size());
    return found.get(0);
  }

  static Container node(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  static Map<String, String> config(List<ObjectNode> objects) {
    return Manifests.ofKind(objects, ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().equals("playhead-config"))
        .findFirst()
        .orElseThrow()
        .getData();
  }

  @Test
  void devIsOneNodeBesideOneCassandraNodeInItsNamespace() throws Exception {
    List<ObjectNode> objects = render("dev");
    List<String> kinds = objects.stream().map(o -> o.get("kind").asText()).sorted().toList();
    assertEquals(
        List.of(
            "ConfigMap",
            "Deployment",
            "Job",
            "Namespace",
            "NetworkPolicy",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "Service",
            "Service",
            "Service",
            "ServiceAccount",
            "StatefulSet"),
        kinds);
    for (ObjectNode object : objects) {
      HasMetadata typed = Manifests.typed(object);
      if (!typed.getKind().equals("Namespace")) {
        assertEquals("playhead-dev", typed.getMetadata().getNamespace(), typed.getKind());
      }
    }
    Deployment deployment = deployment(objects);
    assertEquals(1, deployment.getSpec().getReplicas());
    assertEquals("playhead:0.1.0-SNAPSHOT", node(deployment).getImage());
    assertEquals(new Quantity("1Gi"), node(deployment).getResources().getLimits().get("memory"));
    // A patch of the resources keeps everything else of the container.
    assertEquals("/ready", node(deployment).getReadinessProbe().getHttpGet().getPath());
    assertEquals("1", config(objects).get("PLAYHEAD_REQUIRED_CONTACT_POINTS"));
    assertEquals("cassandra", config(objects).get("PLAYHEAD_CASSANDRA_HOST"));
    assertEquals("9042", config(objects).get("PLAYHEAD_CASSANDRA_PORT"), "kept from the base");

    StatefulSet cassandra = Manifests.ofKind(objects, StatefulSet.class).get(0);
    assertEquals(1, cassandra.getSpec().getReplicas());
    Map<String, EnvVar> cassandraEnv =
        env(cassandra.getSpec().getTemplate().getSpec().getContainers().get(0));
    assertEquals("1G", cassandraEnv.get("MAX_HEAP_SIZE").getValue(), "env merges by name");
    assertEquals("dc1", cassandraEnv.get("CASSANDRA_DC").getValue(), "and keeps the rest");
    assertEquals(
        config(objects).get("PLAYHEAD_CASSANDRA_DC"), cassandraEnv.get("CASSANDRA_DC").getValue());
  }

  @Test
  void productionIsSizedByTheScaleOutPlan() throws Exception {
    List<ObjectNode> objects = render("production");
    Deployment deployment = deployment(objects);
    assertEquals("playhead", deployment.getMetadata().getNamespace());
    assertEquals(24, deployment.getSpec().getReplicas());
    Container node = node(deployment);
    assertEquals(new Quantity("4"), node.getResources().getRequests().get("cpu"));
    assertEquals(
        node.getResources().getRequests().get("memory"),
        node.getResources().getLimits().get("memory"),
        "memory request = limit: the heap is a share of it");
    int contactPoints = Integer.parseInt(config(objects).get("PLAYHEAD_REQUIRED_CONTACT_POINTS"));
    assertTrue(contactPoints >= 3 && contactPoints <= deployment.getSpec().getReplicas());
    assertTrue(Manifests.ofKind(objects, StatefulSet.class).isEmpty(), "Cassandra is external");
  }

  @Test
  void theRendererRefusesWhatItDoesNotImplement(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "resources: []\nconfigMapGenerator:\n  - name: x\n    literals: [a=b]\n");
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> KustomizeRenderer.render(dir));
    assertTrue(refused.getMessage().contains("configMapGenerator"), refused.getMessage());
  }
}
