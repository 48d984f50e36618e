package org.playhead.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the subset of kustomize that
 * deploy/k8s uses. No kustomize binary is to be had here (Debian 12 does not package it, npm has no
 * build of it, and nothing may be downloaded from elsewhere), so the tests render the overlays with
 * this, and it refuses every kustomization field it does not implement: an overlay that starts
 * using one fails its test until this class learns it faithfully.
 *
 * <p>Implemented: {@code resources} (files, and directories holding a kustomization.yaml), {@code
 * namespace} (namespaced objects, and ServiceAccount subjects of RoleBindings), {@code images}
 * ({@code newName}, {@code newTag} on containers' images), {@code replicas}, and {@code patches}
 * given by {@code path} as strategic merge patches matched by kind and name: maps merge, lists of
 * containers, env, ports, volumes and volume mounts merge by their merge key (as the Kubernetes
 * API's patchMergeKey), other lists are replaced.
 */
final class KustomizeRenderer {
  private static final Set<String> KNOWN_FIELDS =
      Set.of("apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches");

  /** Kinds that are not namespaced, among those deploy/k8s uses. */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

  /** List fields merged by key in strategic merge patches, and their keys. */
  private static final Map<String, String> MERGE_KEYS =
      Map.of(
          "containers", "name",
          "initContainers", "name",
          "env", "name",
          "volumes", "name",
          "volumeMounts", "mountPath",
          "ports", "containerPort");

  private KustomizeRenderer() {}

  static List<ObjectNode> render(Path dir) throws IOException {
    JsonNode kustomization = Manifests.readOne(dir.resolve("kustomization.yaml"));
    Iterator<String> fields = kustomization.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!KNOWN_FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            dir + "/kustomization.yaml uses '" + field + "', which this renderer does not know");
      }
    }
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(render(path));
      } else {
        for (JsonNode doc : Manifests.readAll(path)) {
          objects.add((ObjectNode) doc);
        }
      }
    }
    for (JsonNode patch : kustomization.path("patches")) {
      if (patch.size() != 1 || !patch.has("path")) {
        throw new IllegalArgumentException("only patches with a path alone: " + patch);
      }
      for (JsonNode doc : Manifests.readAll(dir.resolve(patch.get("path").asText()))) {
        ObjectNode target = find(objects, doc.path("kind").asText(), name(doc), dir);
        merge(target, (ObjectNode) doc);
      }
    }
    for (JsonNode replicas : kustomization.path("replicas")) {
      ObjectNode target = findByName(objects, replicas.get("name").asText(), dir);
      ((ObjectNode) target.get("spec")).put("replicas", replicas.get("count").asInt());
    }
    for (JsonNode image : kustomization.path("images")) {
      for (ObjectNode object : objects) {
        setImages(object, image);
      }
    }
    if (kustomization.has("namespace")) {
      String namespace = kustomization.get("namespace").asText();
      for (ObjectNode object : objects) {
        setNamespace(object, namespace);
      }
    }
    return objects;
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  private static ObjectNode find(List<ObjectNode> objects, String kind, String name, Path dir) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind) && name(o).equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(dir + ": no " + kind + " " + name));
  }

  private static ObjectNode findByName(List<ObjectNode> objects, String name, Path dir) {
    List<ObjectNode> found =
        objects.stream()
            .filter(o -> name(o).equals(name) && o.path("spec").has("replicas"))
            .toList();
    if (found.size() != 1) {
      throw new IllegalArgumentException(dir + ": replicas of " + name + " match " + found.size());
    }
    return found.get(0);
  }

  /** Strategic merge patch, for the list fields above; {@code $patch} directives are refused. */
  static void merge(ObjectNode target, ObjectNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.startsWith("$")) {
        throw new IllegalArgumentException("patch directives are not supported: " + key);
      }
      JsonNode existing = target.get(key);
      if (value.isObject() && existing != null && existing.isObject()) {
        merge((ObjectNode) existing, (ObjectNode) value);
      } else if (value.isArray()
          && existing != null
          && existing.isArray()
          && MERGE_KEYS.containsKey(key)) {
        mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(key));
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private static void mergeList(ArrayNode target, ArrayNode patch, String mergeKey) {
    for (JsonNode item : patch) {
      JsonNode key = item.get(mergeKey);
      ObjectNode match = null;
      for (JsonNode existing : target) {
        if (key != null && key.equals(existing.get(mergeKey))) {
          match = (ObjectNode) existing;
        }
      }
      if (match != null) {
        merge(match, (ObjectNode) item);
      } else {
        target.add(item.deepCopy());
      }
    }
  }

  private static void setImages(JsonNode node, JsonNode image) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      JsonNode current = object.get("image");
      if (current != null && current.isTextual() && object.has("name")) {
        String reference = current.asText();
        String imageName = reference.replaceAll("[:@].*$", "");
        if (imageName.equals(image.get("name").asText())) {
          String newName = image.path("newName").asText(imageName);
          String tag =
              image.has("newTag")
                  ? ":" + image.get("newTag").asText()
                  : reference.substring(imageName.length());
          object.set("image", new TextNode(newName + tag));
        }
      }
      object.elements().forEachRemaining(child -> setImages(child, image));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> setImages(child, image));
    }
  }

  private static void setNamespace(ObjectNode object, String namespace) {
    String kind = object.path("kind").asText();
    if (CLUSTER_SCOPED.contains(kind)) {
      return;
    }
    ((ObjectNode) object.get("metadata")).put("namespace", namespace);
    if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
      for (JsonNode subject : object.path("subjects")) {
        if (subject.path("kind").asText().equals("ServiceAccount")) {
          ((ObjectNode) subject).put("namespace", namespace);
        }
      }
    }
  }
}
