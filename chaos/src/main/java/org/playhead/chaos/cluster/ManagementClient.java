package org.playhead.chaos.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a node's Pekko Management endpoints: readiness, members and the shards its region hosts.
 * Read-only, like the node's management routes. Timeouts are short: a frozen or dead node must not
 * hold up the watchers that poll every node.
 */
public final class ManagementClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client;
  private final Duration timeout;

  public ManagementClient(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  public ManagementClient() {
    this(Duration.ofSeconds(2));
  }

  /** {@code /ready}: the node is Up in the cluster and its player API is bound. */
  public boolean ready(NodeEndpoint node) {
    try {
      return get(node, "/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code /cluster/members}. */
  public ClusterView members(NodeEndpoint node) throws IOException {
    JsonNode json = json(node, "/cluster/members");
    List<ClusterView.Member> members = new ArrayList<>();
    for (JsonNode m : json.path("members")) {
      members.add(new ClusterView.Member(m.path("node").asText(), m.path("status").asText()));
    }
    List<ClusterView.Unreachable> unreachable = new ArrayList<>();
    for (JsonNode u : json.path("unreachable")) {
      List<String> observers = new ArrayList<>();
      u.path("observedBy").forEach(o -> observers.add(o.asText()));
      unreachable.add(new ClusterView.Unreachable(u.path("node").asText(), observers));
    }
    return new ClusterView(
        json.path("selfNode").asText(),
        members,
        unreachable,
        json.path("leader").asText(null),
        json.path("oldest").asText(null));
  }

  /**
   * {@code /cluster/shards/<type>}: the shards this node's region hosts, with their entity counts.
   */
  public Map<String, Integer> shards(NodeEndpoint node, String entityType) throws IOException {
    JsonNode json = json(node, "/cluster/shards/" + entityType);
    Map<String, Integer> shards = new LinkedHashMap<>();
    for (JsonNode region : json.path("regions")) {
      shards.put(region.path("shardId").asText(), region.path("numEntities").asInt());
    }
    return shards;
  }

  private JsonNode json(NodeEndpoint node, String path) throws IOException {
    HttpResponse<String> response = get(node, path);
    if (response.statusCode() != 200) {
      throw new IOException(
          node.name() + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body());
  }

  private HttpResponse<String> get(NodeEndpoint node, String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.managementUrl() + path))
            .timeout(timeout)
            .GET()
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
