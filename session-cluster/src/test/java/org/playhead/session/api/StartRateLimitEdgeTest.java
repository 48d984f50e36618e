package org.playhead.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.grpc.javadsl.MetadataBuilder;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.playhead.protocol.session.v1.Device;
import org.playhead.protocol.session.v1.StartPlaybackRequest;
import org.playhead.session.ManualClock;
import org.playhead.session.SessionSettings;
import org.playhead.session.api.StartRateLimitSettings.Limit;
import org.playhead.session.security.GrpcAuth;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Principal;
import org.playhead.session.security.Role;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.SigningKey;
import org.playhead.session.security.TokenMinter;
import org.playhead.session.security.TokenVerifier;

/**
 * A limited start through the real sealed HTTP route and the real gRPC service. They get no gateway
 * at all: a limited start must be answered before anything asks an entity.
 */
class StartRateLimitEdgeTest {
  private static ActorSystem system;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ManualClock clock = new ManualClock(System.currentTimeMillis());
  private final SecuritySettings security = securitySettings();
  private final TokenMinter minter = new TokenMinter(security, clock);
  private final TokenVerifier verifier = new TokenVerifier(security, clock);
  private final SessionSettings settings =
      new SessionSettings(
          Duration.ofSeconds(30),
          Duration.ofSeconds(90),
          Duration.ofSeconds(30),
          100,
          Duration.ofSeconds(5),
          Duration.ofSeconds(15));
  // The device refills every 6 s: a limited start waits 6 s.
  private final StartRateLimiter limiter =
      new StartRateLimiter(
          new StartRateLimitSettings(new Limit(10, 30), new Limit(1, 10), 1000), clock);
  private final String account = "acc-" + UUID.randomUUID();
  private final String token =
      minter.mint(new Principal.Player(account, "profile-1", "tv-1", "v"), Duration.ofHours(1));

  @BeforeAll
  static void start() {
    // Pekko's reference config only: the node's application.conf would start a cluster member.
    system = ActorSystem.create("StartRateLimitEdgeTest", ConfigFactory.defaultReference());
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static SecuritySettings securitySettings() {
    SecureRandom random = new SecureRandom();
    Map<Role, SecuritySettings.RoleKey> roles = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      roles.put(
          role,
          new SecuritySettings.RoleKey(
              "playhead-" + role.configName(), SigningKey.generate(random)));
    }
    return new SecuritySettings("playhead", Duration.ofSeconds(30), roles, Optional.empty());
  }

  private HttpResponse post(String body) throws Exception {
    HttpRequest request =
        HttpRequest.POST("/v1/sessions")
            .withEntity(ContentTypes.APPLICATION_JSON, body)
            .addHeader(RawHeader.create("Authorization", "Bearer " + token));
    return new PlaybackHttpRoutes(
            null, settings, 65536, new HttpAuth(verifier), limiter, null, null, null)
        .sealedRoutes(org.playhead.http.HttpEdge.fromConfig(system.settings().config(), 65536))
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

  private static final String START =
      """
      {"profileId":"profile-1","titleId":"title-1","device":{"deviceType":"tv"}}
      """;

  @Test
  void aLimitedHttpStartIs429WithRetryAfterAndAProblem() throws Exception {
    assertTrue(limiter.tryStart(account, "tv-1").allowed(), "the device's only token");
    clock.advance(Duration.ofMillis(500));

    HttpResponse response = post(START);

    assertEquals(429, response.status().intValue());
    assertEquals("6", response.getHeader("Retry-After").orElseThrow().value());
    assertEquals(
        "application/problem+json", response.entity().getContentType().mediaType().toString());
    JsonNode problem = MAPPER.readTree(body(response));
    assertEquals("https://playhead.dev/problems/rate-limited", problem.get("type").asText());
    assertEquals(429, problem.get("status").asInt());
    assertEquals("/v1/sessions", problem.get("instance").asText());
    assertEquals(
        "Too many starts for this device; retry after 6 s.", problem.get("detail").asText());
  }

  @Test
  void aBadStartIsRefusedAsBadAndTakesNoToken() throws Exception {
    HttpResponse response = post("{\"titleId\":\"not a valid title\"}");

    assertEquals(400, response.status().intValue());
    assertFalse(response.getHeader("Retry-After").isPresent());
    assertTrue(limiter.tryStart(account, "tv-1").allowed(), "the token is still there");
  }

  @Test
  void aLimitedGrpcStartIsResourceExhaustedWithTheWait() throws Exception {
    assertTrue(limiter.tryStart(account, "tv-1").allowed());
    PlaybackGrpcService service =
        new PlaybackGrpcService(
            null,
            settings,
            new GrpcAuth(verifier),
            org.apache.pekko.actor.typed.javadsl.Adapter.toTyped(system),
            limiter,
            null,
            null,
            null);

    ExecutionException failed =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () ->
                service
                    .startPlayback(
                        StartPlaybackRequest.newBuilder()
                            .setProfileId("profile-1")
                            .setTitleId("title-1")
                            .setDevice(Device.newBuilder().setDeviceType("tv"))
                            .build(),
                        new MetadataBuilder().addText("authorization", "Bearer " + token).build())
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));

    Status status = ((GrpcServiceException) failed.getCause()).getStatus();
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode());
    assertEquals("Too many starts for this device; retry after 6 s.", status.getDescription());
  }
}
