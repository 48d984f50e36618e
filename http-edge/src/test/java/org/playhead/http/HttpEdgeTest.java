package org.playhead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The edge on a real server, asked as a browser on another origin would ask it. */
class HttpEdgeTest {
  static final String PAGE = "http://app.example:3000";
  static ActorSystem<Void> system;
  static String open;
  static String strict;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void serve() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "edge-test");
    Config config = ConfigFactory.load();
    open = bind(HttpEdge.fromConfig(config, 16));
    Config onlyApp =
        ConfigFactory.parseString("playhead.http.cors.allowed-origins = [\"" + PAGE + "\"]")
            .withFallback(config);
    strict = bind(HttpEdge.fromConfig(onlyApp, 16));
  }

  static String bind(HttpEdge edge) throws Exception {
    AllDirectives d = new AllDirectives() {};
    Route inner =
        d.concat(
            d.path(
                "ok",
                () ->
                    d.post(
                        () ->
                            d.withSizeLimit(
                                16,
                                () ->
                                    d.entity(
                                        org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller
                                            .entityToString(),
                                        body ->
                                            d.complete(
                                                HttpEntities.create(
                                                    ContentTypes.APPLICATION_JSON, "{}")))))),
            d.path(
                "busy",
                () ->
                    d.get(
                        () -> {
                          throw new ProblemException(
                              StandardProblem.of("rate-limited", "Too many", 429, "Later."),
                              Duration.ofMillis(1500));
                        })));
    ServerBinding binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(edge.seal(inner))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(
        request.header("Origin", PAGE).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPreflightForACmcdPostIsAnswered() throws Exception {
    HttpResponse<String> preflight =
        send(
            HttpRequest.newBuilder(URI.create(open + "/ok"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
    assertEquals(200, preflight.statusCode(), preflight.body());
    assertEquals("*", preflight.headers().firstValue("access-control-allow-origin").orElse(""));
    assertTrue(
        preflight.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
    assertEquals(
        "content-type",
        preflight.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase());
    assertTrue(preflight.headers().firstValue("access-control-allow-credentials").isEmpty());
  }

  @Test
  void refusalsCarryTheSameCorsHeadersAndExposeRetryAfter() throws Exception {
    HttpResponse<String> busy = send(HttpRequest.newBuilder(URI.create(open + "/busy")));
    assertEquals(429, busy.statusCode());
    assertEquals("2", busy.headers().firstValue("retry-after").orElse(""));
    assertEquals("*", busy.headers().firstValue("access-control-allow-origin").orElse(""));
    assertTrue(
        busy.headers()
            .firstValue("access-control-expose-headers")
            .orElse("")
            .contains("Retry-After"));
    // A player page on another origin may read the owner hint of a session's answers.
    assertTrue(
        busy.headers()
            .firstValue("access-control-expose-headers")
            .orElse("")
            .contains("Playhead-Owner"));
    assertEquals("application/problem+json", busy.headers().firstValue("content-type").orElse(""));
    assertTrue(busy.body().contains("\"instance\":\"/busy\""), busy.body());

    HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(open + "/nowhere")));
    assertEquals(404, missing.statusCode());
    assertEquals("*", missing.headers().firstValue("access-control-allow-origin").orElse(""));
    assertTrue(missing.body().contains("problems/not-found"), missing.body());

    HttpResponse<String> method = send(HttpRequest.newBuilder(URI.create(open + "/ok")));
    assertEquals(405, method.statusCode());
    assertEquals("*", method.headers().firstValue("access-control-allow-origin").orElse(""));

    HttpResponse<String> large =
        send(
            HttpRequest.newBuilder(URI.create(open + "/ok"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))));
    assertEquals(413, large.statusCode(), large.body());
    assertTrue(large.body().contains("problems/body-too-large"), large.body());
  }

  @Test
  void anOriginOutsideTheConfiguredListIsRefusedWithAProblem() throws Exception {
    HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(strict + "/nowhere")));
    assertEquals(PAGE, allowed.headers().firstValue("access-control-allow-origin").orElse(""));

    HttpResponse<String> other =
        client.send(
            HttpRequest.newBuilder(URI.create(strict + "/busy"))
                .header("Origin", "http://elsewhere.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, other.statusCode(), other.body());
    assertTrue(other.body().contains("problems/cors-refused"), other.body());
    assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
  }
}
