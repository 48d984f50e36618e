package org.playhead.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Keys;
import org.playhead.session.security.Principal;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenMinter;
import org.playhead.session.security.TokenVerifier;

/**
 * The drill routes pass an SRE's request to the drill server and its answer back, unchanged, and
 * refuse everything else themselves. The drill server here is a loopback HTTP server that records
 * what reached it and answers as the chaos kit's does.
 */
class SreDrillRoutesTest {
  private static ActorSystem<Void> system;
  private static HttpServer drillServer;
  private static final List<String> received = new CopyOnWriteArrayList<>();

  private final SecuritySettings settings = Keys.settings();
  private final TokenMinter minter = new TokenMinter(settings, Clock.systemUTC());
  private final HttpAuth auth = new HttpAuth(new TokenVerifier(settings, Clock.systemUTC()));
  private final String sre = minter.mint(new Principal.Sre("sre-1"), Duration.ofMinutes(5));
  private final String care =
      minter.mint(new Principal.CareAgent("agent-1"), Duration.ofMinutes(5));

  @BeforeAll
  static void start() throws IOException {
    // Pekko's reference config only: the node's application.conf would start a cluster member.
    system =
        ActorSystem.create(
            Behaviors.empty(), "SreDrillRoutesTest", ConfigFactory.defaultReference());
    drillServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    drillServer.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " type="
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " body="
                  + body);
          String path = exchange.getRequestURI().getPath();
          int status;
          String type;
          String answer;
          if (path.endsWith("/report.html")) {
            status = 200;
            type = "text/html; charset=UTF-8";
            answer = "<!doctype html><title>drill d-1</title>";
          } else if (exchange.getRequestMethod().equals("POST")) {
            status = body.contains("\"nodes\":99") ? 409 : 202;
            type = status == 202 ? "application/json" : "application/problem+json";
            answer =
                status == 202
                    ? "{\"id\":\"d-2\",\"state\":\"running\"}"
                    : "{\"type\":\"https://playhead.dev/problems/drill-running\",\"status\":409}";
          } else {
            status = 200;
            type = "application/json";
            answer = "{\"drills\":[{\"id\":\"d-1\",\"state\":\"passed\"}]}";
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", type);
          exchange.getResponseHeaders().add("Set-Cookie", "drill=1");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    drillServer.start();
  }

  @AfterAll
  static void stop() {
    drillServer.stop(0);
    system.terminate();
  }

  @BeforeEach
  void clear() {
    received.clear();
  }

  private Route route(Optional<String> url) {
    SreDrillRoutes drills = new SreDrillRoutes(system, url, Duration.ofSeconds(5), auth, 64 * 1024);
    return org.playhead.http.HttpEdge.fromConfig(system.settings().config(), 64 * 1024)
        .seal(drills.routes());
  }

  private Route configured() {
    return route(Optional.of("http://127.0.0.1:" + drillServer.getAddress().getPort() + "/"));
  }

  private record Answer(int status, String type, String body, HttpResponse response) {}

  private static Answer call(Route route, HttpRequest request) throws Exception {
    HttpResponse response =
        route.handler(system).apply(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    String body =
        response
            .entity()
            .toStrict(3000, Materializer.matFromSystem(system))
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS)
            .getData()
            .utf8String();
    return new Answer(
        response.status().intValue(),
        response.entity().getContentType().toString(),
        body,
        response);
  }

  private static HttpRequest as(String token, HttpRequest request) {
    return request.addHeader(RawHeader.create("Authorization", "Bearer " + token));
  }

  @Test
  void listsAndReadsDrillsThroughTheDrillServerWithTheSresOwnToken() throws Exception {
    Answer list = call(configured(), as(sre, HttpRequest.GET("/v1/sre/drills")));
    assertEquals(200, list.status(), list.body());
    assertEquals("{\"drills\":[{\"id\":\"d-1\",\"state\":\"passed\"}]}", list.body());
    assertEquals(List.of("GET /v1/drills auth=Bearer " + sre + " type=null body="), received);
    // Only the answer's status, type and body come back: no header of the drill server's.
    assertTrue(list.response().getHeader("Set-Cookie").isEmpty());

    Answer page = call(configured(), as(sre, HttpRequest.GET("/v1/sre/drills/d-1/report.html")));
    assertEquals(200, page.status());
    assertTrue(page.type().startsWith("text/html"), page.type());
    assertTrue(page.body().contains("drill d-1"), page.body());
    assertEquals("GET /v1/drills/d-1/report.html", received.get(1).split(" auth=")[0]);
  }

  @Test
  void startsADrillAndPassesItsRefusalsBackAsTheyAre() throws Exception {
    Answer started =
        call(
            configured(),
            as(
                sre,
                HttpRequest.POST("/v1/sre/drills")
                    .withEntity(
                        HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"nodes\":3}"))));
    assertEquals(202, started.status(), started.body());
    assertTrue(
        received.get(0).endsWith("type=application/json body={\"nodes\":3}"), received.toString());

    Answer busy =
        call(
            configured(),
            as(
                sre,
                HttpRequest.POST("/v1/sre/drills")
                    .withEntity(
                        HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"nodes\":99}"))));
    assertEquals(409, busy.status(), busy.body());
    assertTrue(busy.type().startsWith("application/problem+json"), busy.type());
    assertTrue(busy.body().contains("drill-running"), busy.body());
  }

  @Test
  void refusesOtherRolesAndOtherPathsWithoutCallingTheDrillServer() throws Exception {
    Answer careCall = call(configured(), as(care, HttpRequest.GET("/v1/sre/drills")));
    assertEquals(403, careCall.status(), careCall.body());
    Answer none = call(configured(), HttpRequest.GET("/v1/sre/drills"));
    assertEquals(401, none.status(), none.body());
    Answer badId = call(configured(), as(sre, HttpRequest.GET("/v1/sre/drills/a.b/report.html")));
    assertEquals(404, badId.status(), badId.body());
    Answer elsewhere = call(configured(), as(sre, HttpRequest.GET("/v1/sre/drills/d-1/other")));
    assertEquals(404, elsewhere.status(), elsewhere.body());
    Answer deleted = call(configured(), as(sre, HttpRequest.DELETE("/v1/sre/drills/d-1")));
    assertEquals(405, deleted.status(), deleted.body());
    assertEquals(List.of(), received);
  }

  @Test
  void saysWhenNoDrillServerIsConfiguredOrItDoesNotAnswer() throws Exception {
    Answer unconfigured = call(route(Optional.empty()), as(sre, HttpRequest.GET("/v1/sre/drills")));
    assertEquals(503, unconfigured.status(), unconfigured.body());
    assertTrue(unconfigured.body().contains("drills-not-configured"), unconfigured.body());
    assertTrue(unconfigured.body().contains("PLAYHEAD_DRILLS_URL"), unconfigured.body());

    int closedPort = org.playhead.devkit.FreePorts.take();
    Answer down =
        call(
            route(Optional.of("http://127.0.0.1:" + closedPort)),
            as(sre, HttpRequest.GET("/v1/sre/drills")));
    assertEquals(502, down.status(), down.body());
    assertTrue(down.body().contains("drills-unreachable"), down.body());
  }
}
