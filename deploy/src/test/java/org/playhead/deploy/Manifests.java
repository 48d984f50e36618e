package org.playhead.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads deploy/k8s: YAML documents as trees, and as fabric8 Kubernetes model objects. fabric8 keeps
 * a field it does not know in the object's {@code additionalProperties} instead of failing, so
 * {@link #unknownFields} walks the object to find them: a misspelt {@code readinesProbe} is an
 * error here, not a silently ignored line.
 */
final class Manifests {
  static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  /** The kinds deploy/k8s uses and their model classes, by {@code apiVersion/kind}. */
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("batch/v1/Job", Job.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

  /** Custom resources of operators the plan relies on, parsed generically. */
  static final List<String> CUSTOM_KINDS =
      List.of(
          "k8ssandra.io/v1alpha1/K8ssandraCluster",
          "kafka.strimzi.io/v1beta2/Kafka",
          "kafka.strimzi.io/v1beta2/KafkaNodePool",
          "kafka.strimzi.io/v1beta2/KafkaTopic");

  private Manifests() {}

  static Path deployDir() {
    return Path.of(System.getProperty("playhead.deploy.dir", ".")).toAbsolutePath().normalize();
  }

  static Path k8sDir() {
    return deployDir().resolve("k8s");
  }

  static JsonNode readOne(Path file) throws IOException {
    List<JsonNode> docs = readAll(file);
    if (docs.size() != 1) {
      throw new IllegalArgumentException(file + " holds " + docs.size() + " documents, not 1");
    }
    return docs.get(0);
  }

  static List<JsonNode> readAll(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      var iterator = YAML.readValues(parser, JsonNode.class);
      while (iterator.hasNext()) {
        JsonNode doc = iterator.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  /** Every YAML file under deploy/k8s that is a manifest (kustomization files are not). */
  static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.walk(k8sDir())) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    }
  }

  static String typeOf(JsonNode doc) {
    return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
  }

  /** The document as its model class; a custom resource as a generic one. */
  static HasMetadata typed(JsonNode doc) {
    Class<? extends HasMetadata> type = KINDS.get(typeOf(doc));
    if (type != null) {
      return YAML.convertValue(doc, type);
    }
    if (CUSTOM_KINDS.contains(typeOf(doc))) {
      return YAML.convertValue(doc, GenericKubernetesResource.class);
    }
    throw new IllegalArgumentException("no model for " + typeOf(doc) + " " + doc.path("metadata"));
  }

  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> List<T> ofKind(List<ObjectNode> docs, Class<T> type) {
    return docs.stream().filter(d -> KINDS.get(typeOf(d)) == type).map(d -> (T) typed(d)).toList();
  }

  /** Paths of fields the model did not recognise, such as {@code spec.template.spec.foo}. */
  static List<String> unknownFields(Object model) {
    List<String> found = new ArrayList<>();
    walk(model, "", found, new IdentityHashMap<>());
    return found;
  }

  private static void walk(
      Object value, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
    if (value == null || seen.put(value, true) != null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
        || value instanceof GenericKubernetesResource) {
      // A custom resource keeps its whole body as additional properties: its schema is the
      // operator's, checked where it is applied.
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> found.add(path + "." + k));
        }
      } else {
        walk(child, path + "." + decapitalize(getter.getName().substring(3)), found, seen);
      }
    }
  }

  private static String decapitalize(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
