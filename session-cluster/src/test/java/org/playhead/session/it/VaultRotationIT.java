package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * The key vault in the real Cassandra across node restarts: keys created under one master key are
 * the same keys after a restart, after a rotation to a new master key (rows re-wrapped, both keys
 * configured), and after the old master key is dropped; a content key is never stored in the clear.
 */
@ExtendWith(NodeLogsOnFailure.class)
class VaultRotationIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static CqlSession cql;

  @BeforeAll
  static void connect() {
    cql =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", 9042))
            .withLocalDatacenter("datacenter1")
            .build();
  }

  @AfterAll
  static void disconnect() {
    cql.close();
  }

  static String oct(String kid) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "{\"kty\":\"oct\",\"kid\":\""
        + kid
        + "\",\"k\":\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(key)
        + "\"}";
  }

  static Map<String, String> masterKeys(String active, String... jwks) {
    return Map.of(
        "playhead.license.master-keys",
        "{\"keys\":[" + String.join(",", jwks) + "]}",
        "playhead.license.master-key-id",
        active);
  }

  static JsonNode post(NodeProcess node, String path, String body, int expected) throws Exception {
    // Raw content keys go to packagers only; the re-wrap is an SRE's.
    String token =
        path.contains("/content-keys")
            ? TestTokens.get().packager("packager-rotation")
            : TestTokens.get().sre("ops-rotation");
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** Track type to kid:key, from the packager's endpoint. */
  static Map<String, String> keys(NodeProcess node, String title) throws Exception {
    JsonNode answer =
        post(
            node,
            "/v1/titles/" + title + "/content-keys",
            "{\"trackTypes\":[\"AUDIO\",\"SD\"]}",
            200);
    Map<String, String> out = new LinkedHashMap<>();
    answer
        .path("keys")
        .forEach(
            k ->
                out.put(
                    k.path("trackType").asText(),
                    k.path("kid").asText() + ":" + k.path("key").asText()));
    return out;
  }

  record Row(String trackType, String masterKeyId, byte[] wrapped) {}

  static List<Row> rows(String title) {
    return cql
        .execute(
            "SELECT track_type, master_key_id, wrapped_key FROM playhead.license_content_keys WHERE title_id = ?",
            title)
        .all()
        .stream()
        .map(
            r -> {
              ByteBuffer b = r.getByteBuffer(2);
              byte[] bytes = new byte[b.remaining()];
              b.get(bytes);
              return new Row(r.getString(0), r.getString(1), bytes);
            })
        .toList();
  }

  @Test
  void keysSurviveRestartsAndAMasterKeyRotation() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String m1 = oct("it-m1-" + run);
    String m2 = oct("it-m2-" + run);
    String title = "title-vault-" + UUID.randomUUID();

    Map<String, String> created;
    try (NodeProcess node = NodeProcess.start("vault-m1", masterKeys("it-m1-" + run, m1))) {
      NodeLogsOnFailure.watch(node);
      created = keys(node, title);
    }
    assertEquals(List.of("AUDIO", "SD"), List.copyOf(created.keySet()));
    for (Row row : rows(title)) {
      assertEquals("it-m1-" + run, row.masterKeyId());
      String key = created.get(row.trackType()).split(":")[1];
      assertFalse(
          HexFormat.of().formatHex(row.wrapped()).contains(key), "never stored in the clear");
    }

    // Rotation: the new key is active, the old one still configured; the node re-wraps at start.
    try (NodeProcess node = NodeProcess.start("vault-m2-m1", masterKeys("it-m2-" + run, m2, m1))) {
      NodeLogsOnFailure.watch(node);
      SingleNodeIT.awaitAssert(
          () ->
              assertTrue(
                  rows(title).stream().allMatch(r -> r.masterKeyId().equals("it-m2-" + run)),
                  rows(title).toString()));
      assertEquals(created, keys(node, title));
      JsonNode report = post(node, "/v1/license-vault/rewrap", "", 200);
      assertEquals("it-m2-" + run, report.path("activeMasterKeyId").asText());
      assertTrue(report.path("scanned").asLong() >= 2, report.toString());
    }

    // The old master key is gone: the same keys, from the rows re-wrapped under the new one.
    try (NodeProcess node = NodeProcess.start("vault-m2", masterKeys("it-m2-" + run, m2))) {
      NodeLogsOnFailure.watch(node);
      assertEquals(created, keys(node, title));
      // And they unlock a live session's license.
      PlayerHttp http = new PlayerHttp(node.baseUrl());
      String session = "it-" + UUID.randomUUID();
      var started = http.start(session, "acc-vault-" + UUID.randomUUID(), title);
      assertEquals(201, started.status(), started.body().toString());
      String[] sd = created.get("SD").split(":");
      String b64 =
          Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(sd[0]));
      HttpResponse<String> license =
          client.send(
              HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/licenses/clearkey"))
                  .header(
                      "Authorization",
                      "Bearer " + started.body().path("license").path("token").asText())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"kids\":[\"" + b64 + "\"]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, license.statusCode(), license.body());
      String k =
          Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(sd[1]));
      assertTrue(license.body().contains(k));
    }
  }
}
