package org.playhead.chaos.serve;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.playhead.chaos.cluster.ClusterSpec;
import org.playhead.http.HttpEdge;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenVerifier;

/**
 * The SRE endpoint's server. It runs in its own process, outside the clusters it drills: a node
 * cannot drill the cluster it belongs to (it would kill itself), and drills start clusters of their
 * own. It verifies SRE tokens exactly as nodes do: the same keys ({@code PLAYHEAD_SRE_SIGNING_KEY},
 * or the dev keys file), issuer and audience.
 */
public final class ChaosServer implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final DrillService drills;

  private ChaosServer(ActorSystem<Void> system, ServerBinding binding, DrillService drills) {
    this.system = system;
    this.binding = binding;
    this.drills = drills;
  }

  /** The server's config: local actors only, and the node's token settings. */
  static Config config(Optional<Path> devKeysFile) {
    Config overrides =
        devKeysFile
            .map(
                f ->
                    ConfigFactory.parseMap(
                        Map.of("playhead.security.dev-keys-file", f.toAbsolutePath().toString())))
            .orElse(ConfigFactory.empty());
    return overrides
        .withFallback(
            ConfigFactory.parseString(
                """
                pekko.actor.provider = local
                pekko.loglevel = INFO
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.http.server.request-timeout = 20s
                """))
        .withFallback(ConfigFactory.parseResourcesAnySyntax("security"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  public static ChaosServer start(
      String host,
      int port,
      ClusterSpec clusterDefaults,
      Path reportsDir,
      Optional<Path> cassandractl,
      DrillService drills)
      throws Exception {
    Config config = config(Optional.of(clusterDefaults.devKeysFile()));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "playhead-chaos", config);
    try {
      TokenVerifier tokens =
          new TokenVerifier(SecuritySettings.fromConfig(config), Clock.systemUTC(), 1000);
      SreRoutes routes =
          new SreRoutes(
              drills,
              new DrillRequests(
                  new DrillRequests.Defaults(clusterDefaults, reportsDir, cassandractl)),
              new HttpAuth(tokens));
      // The same HTTP edge as a node's: problem bodies and CORS for every answer.
      HttpEdge edge = HttpEdge.fromConfig(config, SreRoutes.MAX_BODY_BYTES);
      CompletionStage<ServerBinding> bound =
          Http.get(system)
              .newServerAt(host, port)
              .bind(edge.seal(routes.routes()).seal().handler(system));
      return new ChaosServer(system, bound.toCompletableFuture().get(), drills);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  @Override
  public void close() {
    binding.unbind();
    drills.close();
    system.terminate();
  }
}
