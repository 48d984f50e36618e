package org.playhead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The topics have one definition in two forms: deploy/kafka/topics.conf (kafkactl applies it) and
 * deploy/k8s/kafka/topics.yaml (Strimzi's topic operator applies it). They must say the same.
 */
class KafkaTopicsTest {

  /** name -> partitions, replicas and configs, as "partitions=.. replicas=.. k=v ...". */
  static Map<String, Map<String, String>> fromConf() throws Exception {
    Map<String, Map<String, String>> topics = new TreeMap<>();
    Map<String, String> current = null;
    for (String raw : Files.readAllLines(Manifests.deployDir().resolve("kafka/topics.conf"))) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        current = new TreeMap<>();
        topics.put(line.substring(1, line.length() - 1), current);
      } else {
        String[] kv = line.split("=", 2);
        String key = kv[0].strip();
        current.put(key.equals("replication-factor") ? "replicas" : key, kv[1].strip());
      }
    }
    return topics;
  }

  static Map<String, Map<String, String>> fromStrimzi() throws Exception {
    Map<String, Map<String, String>> topics = new TreeMap<>();
    List<JsonNode> docs = Manifests.readAll(Manifests.k8sDir().resolve("kafka/topics.yaml"));
    for (JsonNode doc : docs) {
      assertEquals("KafkaTopic", doc.path("kind").asText());
      JsonNode spec = doc.path("spec");
      Map<String, String> topic = new TreeMap<>();
      topic.put("partitions", spec.path("partitions").asText());
      topic.put("replicas", spec.path("replicas").asText());
      spec.path("config")
          .fields()
          .forEachRemaining(e -> topic.put("config." + e.getKey(), e.getValue().asText()));
      topics.put(spec.path("topicName").asText(), topic);
    }
    return topics;
  }

  @Test
  void strimzisTopicsAreTheTopicDefinition() throws Exception {
    assertEquals(fromConf(), fromStrimzi());
  }

  @Test
  void theAggregatesJoinSessionsAndSamplesOnTheSamePartitions() throws Exception {
    Map<String, Map<String, String>> topics = fromConf();
    assertEquals(
        topics.get("playhead.sessions.v1").get("partitions"),
        topics.get("playhead.qoe.v1").get("partitions"));
  }
}
