package org.playhead.session.api;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.grpc.javadsl.ServiceHandler;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.stream.Materializer;
import org.playhead.http.HttpEdge;
import org.playhead.license.LicenseOutcomeListener;
import org.playhead.license.LicenseSettings;
import org.playhead.license.Licensing;
import org.playhead.license.ledger.LicenseLedger;
import org.playhead.protocol.care.v1.CareService;
import org.playhead.protocol.care.v1.CareServicePowerApiHandlerFactory;
import org.playhead.protocol.license.v1.LicenseService;
import org.playhead.protocol.license.v1.LicenseServicePowerApiHandlerFactory;
import org.playhead.protocol.reflection.v1.ServerReflectionHandlerFactory;
import org.playhead.protocol.session.v1.PlaybackService;
import org.playhead.protocol.session.v1.PlaybackServicePowerApiHandlerFactory;
import org.playhead.session.Account;
import org.playhead.session.AccountSettings;
import org.playhead.session.BookmarkSettings;
import org.playhead.session.PlaybackSession;
import org.playhead.session.ProfileBookmarks;
import org.playhead.session.SessionSettings;
import org.playhead.session.ShardedLinks;
import org.playhead.session.ShardedSessionLiveness;
import org.playhead.session.analytics.Analytics;
import org.playhead.session.care.AccountLookup;
import org.playhead.session.care.AccountLookupProjection;
import org.playhead.session.care.SessionTimeline;
import org.playhead.session.metrics.PlayheadMetrics;
import org.playhead.session.metrics.PlayheadMetrics.AdmissionDenial;
import org.playhead.session.security.GrpcAuth;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.ReportUrls;
import org.playhead.session.security.Role;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenVerifier;
import org.playhead.session.steering.LoadShedder;
import org.playhead.session.steering.ManifestSource;
import org.playhead.session.steering.NodeSteering;
import org.playhead.session.steering.SessionLoadShedder;
import org.playhead.session.steering.SteeringSettings;
import org.playhead.session.steering.SteeringUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a node: the management server (cluster state, health), sharded entities, then HTTP JSON and
 * gRPC on one port.
 */
public final class PlayheadNode {
  private static final Logger log = LoggerFactory.getLogger(PlayheadNode.class);

  private PlayheadNode() {}

  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, long startedAtNanos) {
    Config config = system.settings().config();
    startManagement(system);
    SessionSettings settings = SessionSettings.fromConfig(config);
    Clock clock = Clock.systemUTC();
    ShardedLinks links = new ShardedLinks(system);
    PlayheadMetrics metrics = PlayheadMetrics.get(system);
    // Steering first: sessions decide with it, from this node's replicated view of the caches.
    NodeSteering steering =
        new NodeSteering(system, SteeringSettings.fromConfig(config), clock).start();
    // Analytics before the entities: they tag their events and sample their heartbeats with it.
    Analytics analytics = Analytics.start(system, clock, metrics.registry(), settings.leaseTtl());
    PlaybackSession.init(
        system, settings, clock, links, metrics.sessions(), steering, analytics.sessions());
    Account.init(
        system, AccountSettings.fromConfig(config), clock, links, analytics.accountTags()::forId);
    ProfileBookmarks.init(system, BookmarkSettings.fromConfig(config), clock);
    // Care's search by device or profile: an index kept from the account journal.
    AccountLookupProjection.start(system, analytics.settings(), analytics.accountTags());
    metrics.watchCluster(
        system,
        List.of(
            PlaybackSession.ENTITY_KEY.name(),
            Account.ENTITY_KEY.name(),
            ProfileBookmarks.ENTITY_KEY.name()),
        config.getDuration("playhead.metrics.shard-poll-interval"));
    SessionGateway gateway = new SessionGateway(system, settings.askTimeout(), metrics);
    SecuritySettings security = SecuritySettings.fromConfig(config);
    security
        .devKeysFile()
        .ifPresent(file -> log.warn("Using development signing keys from {}", file));
    TokenVerifier tokens =
        new TokenVerifier(
            security, clock, config.getBytes("playhead.security.verified-token-cache-size"));
    StartRateLimiter startLimiter =
        new StartRateLimiter(
            StartRateLimitSettings.fromConfig(config),
            clock,
            scope ->
                metrics.admissionDenied(
                    scope == StartRateLimiter.Scope.ACCOUNT
                        ? AdmissionDenial.RATE_LIMITED_ACCOUNT
                        : AdmissionDenial.RATE_LIMITED_DEVICE));

    // Licensing: the license actor asks sessions through this port; StartPlayback grants tokens.
    Licensing licensing =
        Licensing.start(
            system,
            new ShardedSessionLiveness(
                system, LicenseSettings.fromConfig(config).sessionAskTimeout()),
            clock,
            new LicenseOutcomeListener() {
              @Override
              public void issued(LicenseLedger.LicenseIssued event) {
                metrics.licenseIssued();
              }

              @Override
              public void denied(LicenseLedger.LicenseDenied event) {
                metrics.licenseDenied(event.reason());
              }
            });
    LicenseGrants licenseGrants = new LicenseGrants(licensing);
    HttpAuth operatorAuth = new HttpAuth(tokens);
    // Steering URLs are signed with a key derived from the player key: every node signs the same.
    SecuritySettings.RoleKey playerKeys = security.role(Role.PLAYER);
    SteeringUrls steeringUrls =
        new SteeringUrls(
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(playerKeys.key()),
                    playerKeys.keys().stream().filter(k -> k != playerKeys.key()))
                .map(k -> k.derive("playhead-steering-urls-v1"))
                .toList());
    SteeringStep steeringStep = new SteeringStep(gateway, steering, steeringUrls);
    // Report URLs (CMCD event targets) have a key of their own, derived the same way.
    ReportUrls reportUrls =
        new ReportUrls(
            security.role(Role.PLAYER).key().derive("playhead-report-urls-v1"),
            config.getDuration("playhead.session.max-life"),
            clock);

    // One timeline reader per node: it holds the read journal and its Cassandra session.
    SessionTimeline timelines = new SessionTimeline(system);
    ServerReflectionService reflection =
        new ServerReflectionService(
            List.of(
                PlaybackService.description.descriptor(),
                CareService.description.descriptor(),
                LicenseService.description.descriptor(),
                org.playhead.protocol.reflection.v1.ServerReflectionProto.getDescriptor(),
                org.playhead.protocol.reflection.v1alpha.ServerReflectionProto.getDescriptor()));
    Function<HttpRequest, CompletionStage<HttpResponse>> grpc =
        ServiceHandler.concatOrNotFound(
            PlaybackServicePowerApiHandlerFactory.create(
                new PlaybackGrpcService(
                    gateway,
                    settings,
                    new GrpcAuth(tokens),
                    system,
                    startLimiter,
                    licenseGrants,
                    steeringStep,
                    reportUrls),
                GrpcErrors.mapper(),
                system),
            LicenseServicePowerApiHandlerFactory.create(
                licensing.grpcService(), GrpcErrors.mapper(), system),
            CareServicePowerApiHandlerFactory.create(
                new CareGrpcService(gateway, timelines, new GrpcAuth(tokens)),
                GrpcErrors.mapper(),
                system),
            // Reflection v1 and v1alpha, answering on open streams (grpcurl, Postman).
            ServerReflectionHandlerFactory.create(reflection, system),
            org.playhead.protocol.reflection.v1alpha.ServerReflectionHandlerFactory.create(
                reflection.v1alpha(), system));
    int maxBody = system.settings().config().getInt("playhead.http.max-body-bytes");
    long maxStream = system.settings().config().getBytes("playhead.http.max-grpc-stream-bytes");
    // One edge for every HTTP route of the node: problem bodies and CORS.
    HttpEdge edge = HttpEdge.fromConfig(config, maxBody);
    Function<HttpRequest, CompletionStage<HttpResponse>> http =
        PlaybackHttpRoutes.all(
                edge,
                new PlaybackHttpRoutes(
                    gateway,
                    settings,
                    maxBody,
                    new HttpAuth(tokens),
                    startLimiter,
                    licenseGrants,
                    steeringStep,
                    reportUrls),
                new CareHttpRoutes(
                    gateway, timelines, new AccountLookup(system), maxBody, new HttpAuth(tokens)),
                licensing.routes(
                    inner ->
                        operatorAuth.authenticated(
                            Role.SRE, principal -> inner.apply(principal.subject())),
                    inner ->
                        operatorAuth.authenticated(
                            Role.PACKAGER, principal -> inner.apply(principal.subject())),
                    maxBody),
                new SteeringHttpRoutes(
                        gateway,
                        steering,
                        steeringUrls,
                        new ManifestSource(steering.settings(), clock),
                        new LoadShedder(steering.settings().maxRequestsPerSecond(), clock),
                        new SessionLoadShedder(
                            config.getInt("playhead.steering.per-session.burst"),
                            config.getDouble("playhead.steering.per-session.per-second"),
                            config.getInt("playhead.steering.per-session.max-tracked"),
                            clock),
                        maxBody)
                    .routes(),
                new SreSteeringRoutes(steering, new HttpAuth(tokens), clock, maxBody).routes(),
                new SreQoeRoutes(system, analytics, new HttpAuth(tokens), maxBody).routes(),
                consoleRoutes(system, config, operatorAuth, clock, maxBody))
            .handler(system);

    BaselineEndpoints.startIfConfigured(system);
    String host = system.settings().config().getString("playhead.http.host");
    int port = system.settings().config().getInt("playhead.http.port");
    Function<HttpRequest, CompletionStage<HttpResponse>> limitedGrpc =
        GrpcErrors.guarded(
            grpc,
            maxBody,
            maxStream,
            new GrpcAuth(tokens)::preCheck,
            Materializer.matFromSystem(system));
    TrustedProxies proxies = TrustedProxies.fromConfig(config);
    Function<HttpRequest, CompletionStage<HttpResponse>> both =
        request -> {
          // The client's address, once, for HTTP routes and gRPC handlers (which see no
          // connection).
          HttpRequest stamped = ClientAddresses.stamped(request, proxies);
          return isGrpc(stamped) ? limitedGrpc.apply(stamped) : http.apply(stamped);
        };
    return Http.get(system)
        .newServerAt(host, port)
        .bind(both)
        .whenComplete(
            (binding, failure) -> {
              if (failure != null) {
                log.error("Could not bind HTTP/gRPC on {}:{}, shutting down", host, port, failure);
                system.terminate();
              } else {
                binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
                NodeReadiness.get(system).markServing(true);
                log.info(
                    "Playhead node serving HTTP and gRPC on {}:{} ({} ms after JVM main)",
                    host,
                    port,
                    (System.nanoTime() - startedAtNanos) / 1_000_000);
              }
            });
  }

  /** The browser console's assets and the SRE figures it shows that no other API serves. */
  private static org.apache.pekko.http.javadsl.server.Route consoleRoutes(
      ActorSystem<?> system, Config config, HttpAuth auth, Clock clock, long maxBody) {
    ConsoleSettings console = ConsoleSettings.fromConfig(config);
    SreClusterRoutes cluster =
        new SreClusterRoutes(
            system,
            List.of(PlaybackSession.ENTITY_KEY, Account.ENTITY_KEY, ProfileBookmarks.ENTITY_KEY),
            console.clusterStatsTimeout(),
            auth,
            clock,
            maxBody);
    SreDrillRoutes drills =
        new SreDrillRoutes(system, console.drillsUrl(), console.drillsTimeout(), auth, maxBody);
    ConsoleRoutes assets = new ConsoleRoutes(auth, maxBody);
    return assets.concat(assets.routes(), cluster.routes(), drills.routes());
  }

  /**
   * Health, cluster state and metrics on their own port; on Kubernetes, Cluster Bootstrap too.
   * Readiness turns false as soon as shutdown begins, so a load balancer stops sending players here
   * before the API unbinds.
   */
  private static void startManagement(ActorSystem<?> system) {
    PekkoManagement.get(Adapter.toClassic(system))
        .start()
        .whenComplete(
            (uri, failure) -> {
              if (failure != null) {
                log.error("Could not start Pekko Management, shutting down", failure);
                system.terminate();
              } else {
                log.info("Management (health, cluster state, metrics) on {}", uri);
              }
            });
    if (system.settings().config().getBoolean("playhead.cluster.bootstrap")) {
      // Needs the management server above: other pods probe this one's contact point there.
      ClusterBootstrap.get(Adapter.toClassic(system)).start();
    }
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "playhead-not-ready",
            () -> {
              NodeReadiness.get(system).markServing(false);
              return CompletableFuture.completedFuture(Done.getInstance());
            });
  }

  private static boolean isGrpc(HttpRequest request) {
    return request.entity().getContentType().mediaType().toString().startsWith("application/grpc");
  }
}
