package org.playhead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest under deploy/k8s is a Kubernetes object its model fully understands. */
class ManifestsTest {
  static Stream<Path> manifestFiles() throws Exception {
    return Manifests.manifestFiles().stream();
  }

  @ParameterizedTest
  @MethodSource("manifestFiles")
  void parsesAsKubernetesObjectsWithoutUnknownFields(Path file) throws Exception {
    List<JsonNode> docs = Manifests.readAll(file);
    assertFalse(docs.isEmpty(), file + " is empty");
    List<String> problems = new ArrayList<>();
    for (JsonNode doc : docs) {
      HasMetadata object = Manifests.typed(doc);
      assertFalse(object.getMetadata().getName().isBlank(), file + ": an object without a name");
      Manifests.unknownFields(object)
          .forEach(field -> problems.add(doc.path("kind").asText() + field));
    }
    assertEquals(List.of(), problems, file + ": fields the Kubernetes model does not know");
  }

  @Test
  void findsTheManifestsItChecks() throws Exception {
    List<String> names =
        Manifests.manifestFiles().stream()
            .map(p -> Manifests.k8sDir().relativize(p).toString())
            .toList();
    assertTrue(names.contains("base/deployment.yaml"), names.toString());
    assertTrue(names.contains("cassandra/statefulset.yaml"), names.toString());
    assertTrue(names.size() >= 15, names.toString());
  }

  @Test
  void aMisspeltFieldIsCaught() throws Exception {
    JsonNode doc =
        Manifests.YAML.readTree(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x}
            spec:
              template:
                spec:
                  containers:
                    - name: x
                      readinesProbe: {httpGet: {path: /ready, port: 8558}}
            """);
    Deployment deployment = (Deployment) Manifests.typed(doc);
    assertEquals(
        List.of(".spec.template.spec.containers[0].readinesProbe"),
        Manifests.unknownFields(deployment));
    JsonNode unknownKind = Manifests.YAML.readTree("{apiVersion: v1, kind: Pod2, metadata: {}}");
    assertThrows(IllegalArgumentException.class, () -> Manifests.typed(unknownKind));
  }
}
