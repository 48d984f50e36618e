package org.playhead.chaos.serve;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.playhead.chaos.cluster.ClusterSpec;
import org.playhead.chaos.cluster.NodeBuild;
import org.playhead.devkit.TokenSettings;
import org.playhead.http.HttpEdge;

/**
 * The SRE endpoint's server. It runs in its own process, outside the clusters it drills: a node
 * cannot drill the cluster it belongs to (it would kill itself), and drills start clusters of their
 * own. It verifies SRE tokens by the nodes' rules ({@link SreTokens}): the same keys ({@code
 * PLAYHEAD_SRE_SIGNING_KEY}, or the dev keys file), issuer, audience and clock skew, read from the
 * node's configuration.
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

  /** The server's actor system: local actors only. */
  static Config config() {
    return ConfigFactory.parseString(
            """
            pekko.actor.provider = local
            pekko.loglevel = INFO
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            pekko.http.server.request-timeout = 20s
            """)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  /** The SRE token check of the nodes this server drills. */
  static SreTokens tokens(Path devKeysFile) {
    Config node = NodeBuild.config();
    return new SreTokens(
        TokenSettings.of(node, devKeysFile.toAbsolutePath()),
        node.getDuration("playhead.security.clock-skew"),
        Clock.systemUTC());
  }

  public static ChaosServer start(
      String host,
      int port,
      ClusterSpec clusterDefaults,
      Path reportsDir,
      Optional<Path> cassandractl,
      DrillService drills)
      throws Exception {
    SreTokens tokens = tokens(clusterDefaults.devKeysFile());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "playhead-chaos", config());
    try {
      SreRoutes routes =
          new SreRoutes(
              drills,
              new DrillRequests(
                  new DrillRequests.Defaults(clusterDefaults, reportsDir, cassandractl)),
              tokens);
      // The same HTTP edge as a node's: problem bodies and CORS for every answer.
      HttpEdge edge = HttpEdge.fromConfig(config(), SreRoutes.MAX_BODY_BYTES);
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
