package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The directive, driven through a real route handler (no server, no network). */
class HttpAuthTest extends AllDirectives {
  private static ActorSystem system;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SecuritySettings settings = Keys.settings();
  private final TokenMinter minter = new TokenMinter(settings, Clock.systemUTC());
  private final HttpAuth auth = new HttpAuth(new TokenVerifier(settings, Clock.systemUTC()));
  private final AtomicInteger innerRuns = new AtomicInteger();

  @BeforeAll
  static void start() {
    // Pekko's reference config only: the node's application.conf would start a cluster member.
    system = ActorSystem.create("HttpAuthTest", ConfigFactory.defaultReference());
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  /** A player endpoint that, like a session route, checks the session's owner. */
  private Route route() {
    return path(
        "session",
        () ->
            auth.player(
                player -> {
                  innerRuns.incrementAndGet();
                  return player.mayAccess("acc-1", "profile-1", "tv-1")
                      ? complete("hello " + player.subject())
                      : auth.outOfScope("This session belongs to another account.");
                }));
  }

  private HttpResponse call(HttpRequest request) throws Exception {
    return route()
        .seal()
        .handler(system)
        .apply(request)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  private static String body(HttpResponse response) throws Exception {
    return response
        .entity()
        .toStrict(3000, Materializer.matFromSystem(system))
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS)
        .getData()
        .utf8String();
  }

  private HttpRequest withToken(String authorization) {
    return HttpRequest.GET("/session").addHeader(RawHeader.create("Authorization", authorization));
  }

  @Test
  void aValidPlayerTokenReachesTheRoute() throws Exception {
    String token =
        minter.mint(
            new Principal.Player("acc-1", "profile-1", "tv-1", "viewer-1"), Duration.ofHours(1));
    HttpResponse response = call(withToken("Bearer " + token));

    assertEquals(200, response.status().intValue());
    assertEquals("hello viewer-1", body(response));
  }

  @Test
  void noTokenIs401WithABareChallenge() throws Exception {
    HttpResponse response = call(HttpRequest.GET("/session"));

    assertEquals(401, response.status().intValue());
    assertEquals(
        "Bearer realm=\"playhead\"", response.getHeader("WWW-Authenticate").orElseThrow().value());
    JsonNode problem = problem(response);
    assertEquals("https://playhead.dev/problems/token-missing", problem.get("type").asText());
    assertEquals(401, problem.get("status").asInt());
    assertEquals("/session", problem.get("instance").asText());
    assertEquals(0, innerRuns.get());
  }

  @Test
  void aBadTokenIs401InvalidToken() throws Exception {
    String foreign =
        new TokenMinter(Keys.settings(), Clock.systemUTC())
            .mint(new Principal.Player("acc-1", "profile-1", "tv-1", "v"), Duration.ofHours(1));
    for (String authorization : new String[] {"Bearer " + foreign, "Bearer not.a.jwt"}) {
      HttpResponse response = call(withToken(authorization));

      assertEquals(401, response.status().intValue());
      String challenge = response.getHeader("WWW-Authenticate").orElseThrow().value();
      assertEquals("Bearer realm=\"playhead\", error=\"invalid_token\"", challenge);
      String body = body(response);
      assertFalse(body.contains(foreign.split("\\.")[2]), "the token is never echoed");
    }
    assertEquals(0, innerRuns.get());
  }

  @Test
  void anExpiredTokenSaysSo() throws Exception {
    String expired =
        minter.mint(
            new Principal.Player("acc-1", "profile-1", "tv-1", "v"),
            Clock.systemUTC().instant().minusSeconds(3600),
            Clock.systemUTC().instant().minusSeconds(60));
    HttpResponse response = call(withToken("Bearer " + expired));

    assertEquals(401, response.status().intValue());
    assertEquals(
        "https://playhead.dev/problems/token-expired", problem(response).get("type").asText());
  }

  @Test
  void aCareTokenAtAPlayerEndpointIs403() throws Exception {
    String care = minter.mint(new Principal.CareAgent("agent-7"), Duration.ofHours(1));
    HttpResponse response = call(withToken("Bearer " + care));

    assertEquals(403, response.status().intValue());
    String challenge = response.getHeader("WWW-Authenticate").orElseThrow().value();
    assertEquals("Bearer realm=\"playhead\", error=\"insufficient_scope\"", challenge);
    assertEquals(
        "https://playhead.dev/problems/wrong-role", problem(response).get("type").asText());
    assertEquals(0, innerRuns.get());
  }

  @Test
  void anotherAccountsPlayerIs403OutOfScope() throws Exception {
    String other =
        minter.mint(new Principal.Player("acc-2", "profile-1", "tv-1", "v"), Duration.ofHours(1));
    HttpResponse response = call(withToken("Bearer " + other));

    assertEquals(403, response.status().intValue());
    assertEquals(
        "https://playhead.dev/problems/out-of-scope", problem(response).get("type").asText());
  }

  @Test
  void aCareEndpointAcceptsOnlyCareTokens() throws Exception {
    Route care =
        auth.authenticated(Role.CARE, principal -> complete("care " + principal.subject()));
    String careToken = minter.mint(new Principal.CareAgent("agent-7"), Duration.ofHours(1));
    String player =
        minter.mint(new Principal.Player("acc-1", "profile-1", "tv-1", "v"), Duration.ofHours(1));

    HttpResponse ok =
        care.seal()
            .handler(system)
            .apply(withToken("Bearer " + careToken))
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    HttpResponse forbidden =
        care.seal()
            .handler(system)
            .apply(withToken("Bearer " + player))
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);

    assertEquals(200, ok.status().intValue());
    assertEquals("care agent-7", body(ok));
    assertEquals(403, forbidden.status().intValue());
  }

  private static JsonNode problem(HttpResponse response) throws Exception {
    assertEquals(
        "application/problem+json", response.entity().getContentType().mediaType().toString());
    return MAPPER.readTree(body(response));
  }
}
