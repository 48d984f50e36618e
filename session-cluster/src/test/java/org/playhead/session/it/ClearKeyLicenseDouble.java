package org.playhead.session.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.playhead.session.it.clip.ContentKey;

/**
 * A test double of Playhead's Clear Key license endpoint, exactly as the license contract (item 3)
 * describes it, so the real-player script can be proven on its own: {@code POST
 * /v1/licenses/clearkey} with the license token as a bearer header or {@code ?token=}, body {@code
 * {"kids":[...],"type":"temporary"}}, answer a JWK set; refusals are problem+json with a {@code
 * reason}; CORS for any origin. It is not Playhead's implementation and ships nowhere.
 */
public final class ClearKeyLicenseDouble implements AutoCloseable {
  public static final String PATH = "/v1/licenses/clearkey";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final String token;
  private final Map<String, ContentKey> keysByKid;
  private final List<Answered> answered = new CopyOnWriteArrayList<>();
  private volatile boolean sessionLive = true;

  /** One license request as the double answered it. */
  public record Answered(int status, String reason, List<String> kids) {}

  private ClearKeyLicenseDouble(HttpServer server, String token, List<ContentKey> keys) {
    this.server = server;
    this.token = token;
    this.keysByKid = keys.stream().collect(Collectors.toMap(ContentKey::kidBase64Url, k -> k));
  }

  /** Starts on a free loopback port; grants {@code keys} to requests carrying {@code token}. */
  public static ClearKeyLicenseDouble start(String token, List<ContentKey> keys)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ClearKeyLicenseDouble licenseDouble = new ClearKeyLicenseDouble(server, token, keys);
    server.createContext(PATH, licenseDouble::handle);
    server.setExecutor(licenseDouble.executor);
    server.start();
    return licenseDouble;
  }

  public String licenseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** From now on the session behind the token is over, as after a care termination. */
  public void terminateSession() {
    sessionLive = false;
  }

  public List<Answered> answered() {
    return List.copyOf(answered);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
      if ("OPTIONS".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "POST, OPTIONS");
        exchange
            .getResponseHeaders()
            .add("Access-Control-Allow-Headers", "authorization, content-type");
        exchange.getResponseHeaders().add("Access-Control-Max-Age", "600");
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        refuse(exchange, 405, "malformed-request", List.of());
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      String presented = presentedToken(exchange);
      if (presented == null || !presented.equals(token)) {
        refuse(exchange, 401, "token-invalid", List.of());
        return;
      }
      List<String> kids;
      try {
        JsonNode request = JSON.readTree(body);
        JsonNode kidsNode = request == null ? null : request.get("kids");
        if (kidsNode == null || !kidsNode.isArray() || kidsNode.isEmpty()) {
          refuse(exchange, 400, "malformed-request", List.of());
          return;
        }
        kids = new ArrayList<>();
        for (JsonNode kid : kidsNode) {
          kids.add(kid.asText());
        }
      } catch (IOException e) {
        refuse(exchange, 400, "malformed-request", List.of());
        return;
      }
      if (!sessionLive) {
        refuse(exchange, 403, "session-not-live", kids);
        return;
      }
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode keys = answer.putArray("keys");
      for (String kid : kids) {
        ContentKey key = keysByKid.get(kid);
        if (key == null) {
          refuse(exchange, 404, "unknown-key-id", kids);
          return;
        }
        keys.addObject().put("kty", "oct").put("kid", kid).put("k", key.keyBase64Url());
      }
      answer.put("type", "temporary");
      send(exchange, 200, "application/json", JSON.writeValueAsBytes(answer));
      answered.add(new Answered(200, null, List.copyOf(kids)));
    }
  }

  private static String presentedToken(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return authorization.substring("Bearer ".length());
    }
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("token=")) {
          return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  private void refuse(HttpExchange exchange, int status, String reason, List<String> kids)
      throws IOException {
    ObjectNode problem = JSON.createObjectNode();
    problem.put("type", "https://playhead.dev/problems/" + reason);
    problem.put("title", reason);
    problem.put("status", status);
    problem.put("reason", reason);
    send(exchange, status, "application/problem+json", JSON.writeValueAsBytes(problem));
    answered.add(new Answered(status, reason, List.copyOf(kids)));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
