package org.playhead.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads answers shaped as Pekko Management's cluster-http routes write them. */
class ManagementClientTest {
  private HttpServer server;
  private NodeEndpoint node;
  private final ManagementClient client = new ManagementClient();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    answer("/ready", 503, "Not Healthy");
    answer(
        "/cluster/members",
        200,
        """
        {"leader":"pekko://Playhead@127.0.0.1:2551","members":[
          {"node":"pekko://Playhead@127.0.0.1:2551","nodeUid":"1","roles":["dc-default"],"status":"Up"},
          {"node":"pekko://Playhead@127.0.0.1:2552","nodeUid":"2","roles":["dc-default"],"status":"Up"},
          {"node":"pekko://Playhead@127.0.0.1:2553","nodeUid":"3","roles":["dc-default"],"status":"Down"}],
         "oldest":"pekko://Playhead@127.0.0.1:2551","oldestPerRole":{"dc-default":"pekko://Playhead@127.0.0.1:2551"},
         "selfNode":"pekko://Playhead@127.0.0.1:2551",
         "unreachable":[{"node":"pekko://Playhead@127.0.0.1:2553","observedBy":["pekko://Playhead@127.0.0.1:2551"]}]}
        """);
    answer(
        "/cluster/shards/PlaybackSession",
        200,
        "{\"regions\":[{\"shardId\":\"17\",\"numEntities\":3},{\"shardId\":\"905\",\"numEntities\":0}]}");
    answer("/cluster/shards/Nope", 404, "{\"message\":\"Shard Region Nope is not started\"}");
    server.start();
    node = new NodeEndpoint("node-1", "127.0.0.1", 1, server.getAddress().getPort());
  }

  private void answer(String path, int status, String body) {
    server.createContext(
        path,
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void readsMembersUnreachableAndTheOldest() throws IOException {
    ClusterView view = client.members(node);
    assertEquals("pekko://Playhead@127.0.0.1:2551", view.selfNode());
    assertEquals("pekko://Playhead@127.0.0.1:2551", view.oldest());
    assertEquals(3, view.members().size());
    assertEquals("Down", view.statusOf("pekko://Playhead@127.0.0.1:2553").orElseThrow());
    assertTrue(view.isUnreachable("pekko://Playhead@127.0.0.1:2553"));
    assertFalse(view.isUnreachable("pekko://Playhead@127.0.0.1:2552"));
    assertFalse(view.healthy(3));
  }

  @Test
  void readsTheShardsARegionHosts() throws IOException {
    assertEquals(Map.of("17", 3, "905", 0), client.shards(node, "PlaybackSession"));
    assertThrows(IOException.class, () -> client.shards(node, "Nope"));
  }

  @Test
  void notReadyIsFalseAndSoIsNoAnswer() {
    assertFalse(client.ready(node));
    assertFalse(client.ready(new NodeEndpoint("gone", "127.0.0.1", 1, 1)));
  }
}
