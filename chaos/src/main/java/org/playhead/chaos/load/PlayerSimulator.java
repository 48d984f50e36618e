package org.playhead.chaos.load;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated players driving a cluster through its public API: many concurrent sessions over gRPC
 * (unary and heartbeat streams) and HTTP (JSON and CMCD bodies), heartbeats at an interval with the
 * playhead advancing, pauses, resumes, stops and new starts, across accounts held at their plan
 * limits. Every operation and every error lands in an {@link OperationLedger}.
 *
 * <p>Thousands of players from one JVM: no thread per player. One loop thread runs every player's
 * timers and answer handling; calls are asynchronous (the JDK HTTP client over HTTP/1.1, pekko-grpc
 * clients sharing a few connections per node, see {@link GrpcChannels}).
 */
public final class PlayerSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlayerSimulator.class);
  private static final Duration CHURN_TICK = Duration.ofMillis(100);

  private final Simulation sim;
  private final List<Player> players;
  private final ActorSystem<Void> system;
  private final ExecutorService httpExecutor;
  private final GrpcChannels channels;
  private final ScheduledFuture<?> churn;
  private OperationLedger finalLedger;

  private PlayerSimulator(
      Simulation sim,
      List<Player> players,
      ActorSystem<Void> system,
      ExecutorService httpExecutor,
      GrpcChannels channels,
      ScheduledFuture<?> churn) {
    this.sim = sim;
    this.players = players;
    this.system = system;
    this.httpExecutor = httpExecutor;
    this.channels = channels;
    this.churn = churn;
  }

  /**
   * Starts the players against these nodes (spread round-robin; a player whose node does not answer
   * retries on another, as a load balancer would). Tokens from the dev-keys file.
   */
  public static PlayerSimulator start(
      SimulatorConfig config, List<NodeEndpoint> nodes, Path devKeysFile) {
    return start(config, SimulatorTuning.defaults(), nodes, devKeysFile);
  }

  public static PlayerSimulator start(
      SimulatorConfig config, SimulatorTuning tuning, List<NodeEndpoint> nodes, Path devKeysFile) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no nodes to play against");
    }
    List<NodeEndpoint> targets = List.copyOf(nodes);
    List<PlayerLayout.PlayerSpec> specs = PlayerLayout.players(config, tuning);
    PlayerTokens tokens = new PlayerTokens(devKeysFile);

    ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, daemon("sim-loop"));
    loop.setRemoveOnCancelPolicy(true); // heartbeat timers are cancelled all the time
    loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    ExecutorService httpExecutor = Executors.newFixedThreadPool(2, daemon("sim-http"));
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(min(tuning.requestTimeout(), Duration.ofSeconds(5)))
            .executor(httpExecutor)
            .build();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "player-simulator", config());
    long grpcPlayers =
        specs.stream()
            .filter(
                s ->
                    s.transport() == PlayerLayout.Transport.GRPC_UNARY
                        || s.transport() == PlayerLayout.Transport.GRPC_STREAM)
            .count();
    long streamPlayers =
        specs.stream().filter(s -> s.transport() == PlayerLayout.Transport.GRPC_STREAM).count();
    GrpcChannels channels =
        new GrpcChannels(
            targets, (int) grpcPlayers, (int) streamPlayers, tuning.requestTimeout(), system);

    OperationLedger ledger = new OperationLedger();
    Clock clock = Clock.systemUTC();
    Simulation sim =
        new Simulation(
            config, tuning, targets, ledger, new SteadyStateWindow(clock), loop, clock, tokens);
    try {
      new PlanSetup(
              http,
              targets,
              tokens.care("chaos-simulator", Duration.ofHours(1)),
              tuning.requestTimeout())
          .apply(PlayerLayout.accounts(config, tuning));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutDown(loop, httpExecutor, channels, system);
      throw new IllegalStateException("interrupted while setting the accounts' plans", e);
    } catch (RuntimeException e) {
      shutDown(loop, httpExecutor, channels, system);
      throw e;
    }

    List<AsyncLimiter> httpPerNode = HttpPlayerApi.limiters(targets.size());
    PlayerApi httpJson = new HttpPlayerApi(http, tuning.requestTimeout(), httpPerNode, false);
    PlayerApi httpCmcd = new HttpPlayerApi(http, tuning.requestTimeout(), httpPerNode, true);
    PlayerApi grpcUnary = new GrpcPlayerApi(channels, false, system, loop, tuning.requestTimeout());
    PlayerApi grpcStream = new GrpcPlayerApi(channels, true, system, loop, tuning.requestTimeout());
    List<Player> players = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      PlayerLayout.PlayerSpec spec = specs.get(i);
      PlayerApi api =
          switch (spec.transport()) {
            case HTTP_JSON -> httpJson;
            case HTTP_CMCD -> httpCmcd;
            case GRPC_UNARY -> grpcUnary;
            case GRPC_STREAM -> grpcStream;
          };
      String deviceType =
          spec.transport() == PlayerLayout.Transport.HTTP_JSON
                  || spec.transport() == PlayerLayout.Transport.HTTP_CMCD
              ? "browser"
              : "tv";
      players.add(new Player(sim, i, spec.owner(), deviceType, api, i % targets.size()));
    }

    // Spread the first starts: no faster than the tuning's rate, over at least one interval, and
    // no more in flight at once than the tuning allows.
    long rampMs =
        Math.max(
            config.heartbeatInterval().toMillis(),
            (long) (1000.0 * players.size() / tuning.initialStartsPerSecond()));
    RampGate ramp = new RampGate(tuning.initialStartsInFlight());
    loop.execute(
        () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (Player player : players) {
            player.begin(Duration.ofMillis(random.nextLong(rampMs + 1)), ramp);
          }
        });
    ScheduledFuture<?> churn =
        loop.scheduleAtFixedRate(
            new Churn(players, config.churnPerSecond() * CHURN_TICK.toMillis() / 1000.0),
            CHURN_TICK.toMillis(),
            CHURN_TICK.toMillis(),
            TimeUnit.MILLISECONDS);
    log.info(
        "Player simulator: {} players ({} sessions) over {} accounts on {} nodes, heartbeat every"
            + " {}, {} gRPC connections",
        players.size(),
        config.sessions(),
        config.accounts(),
        targets.size(),
        config.heartbeatInterval(),
        channels.connections());
    return new PlayerSimulator(sim, players, system, httpExecutor, channels, churn);
  }

  /** Live figures for steady-state checks (chaos monkey abort, settle detection). */
  public SteadyState steadyState() {
    return sim.window().current();
  }

  /** Stops the players, stopping their sessions cleanly, and returns the record. */
  public OperationLedger stop() {
    return stop(true);
  }

  /**
   * Stops the players and returns the record.
   *
   * @param stopSessions stop every live session cleanly (retrying on other nodes until the tuning's
   *     stop deadline); when false, the sessions are left live, to expire unless something else
   *     ends them
   */
  public synchronized OperationLedger stop(boolean stopSessions) {
    if (finalLedger != null) {
      return finalLedger;
    }
    churn.cancel(false);
    long deadline = System.nanoTime() + sim.tuning().stopDeadline().toNanos();
    sim.loop()
        .execute(
            () -> {
              for (Player player : players) {
                if (stopSessions) {
                  player.finish(deadline);
                } else {
                  player.halt();
                }
              }
            });
    CompletableFuture<Void> all =
        CompletableFuture.allOf(
            players.stream().map(Player::settled).toArray(CompletableFuture[]::new));
    Duration wait =
        sim.tuning()
            .stopDeadline()
            .plus(sim.tuning().requestTimeout().multipliedBy(2))
            .plusSeconds(5);
    try {
      all.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      long unsettled = players.stream().filter(p -> !p.settled().isDone()).count();
      log.warn("{} players had not settled within {}", unsettled, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("A player failed while stopping", e.getCause());
    }
    // Let the loop finish recording what it was handling.
    sim.loop().shutdown();
    try {
      sim.loop().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutDown(sim.loop(), httpExecutor, channels, system);
    finalLedger = sim.ledger();
    return finalLedger;
  }

  public OperationLedger ledgerSoFar() {
    return sim.ledger();
  }

  /** How many players there are (the sessions plus one contender per full account). */
  public int players() {
    return players.size();
  }

  /** How many players hold a live session right now. */
  public int liveSessions() {
    try {
      return sim.loop()
          .submit(() -> (int) players.stream().filter(Player::isLive).count())
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return -1;
    }
  }

  /** The accounts the players use, all fresh for this run. */
  public List<String> accountIds() {
    return PlayerLayout.accounts(sim.config(), sim.tuning()).stream()
        .map(PlanSetup.AccountPlan::accountId)
        .toList();
  }

  @Override
  public void close() {
    stop(true);
  }

  /** Pauses, resumes and stops at the configured rate, on random live players. */
  private static final class Churn implements Runnable {
    private final List<Player> players;
    private final double perTick;
    private double owed;

    Churn(List<Player> players, double perTick) {
      this.players = players;
      this.perTick = perTick;
    }

    @Override
    public void run() {
      owed += perTick;
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (owed >= 1) {
        owed -= 1;
        // A few tries to find a live player; under a fault many may be starting or retrying.
        for (int attempt = 0; attempt < 20; attempt++) {
          if (players.get(random.nextInt(players.size())).churn(random)) {
            break;
          }
        }
      }
      if (random.nextDouble() < owed) {
        owed -= 1; // the fraction, by chance: the long-run rate is the configured one
        for (int attempt = 0; attempt < 20; attempt++) {
          if (players.get(random.nextInt(players.size())).churn(random)) {
            break;
          }
        }
      }
    }
  }

  private static Config config() {
    return ConfigFactory.parseString(
            """
            pekko.actor.provider = local
            pekko.loglevel = WARNING
            pekko.stdout-loglevel = WARNING
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            """)
        // Reference settings only: the classpath's application.conf is a node's, not ours.
        .withFallback(ConfigFactory.defaultReference());
  }

  private static void shutDown(
      java.util.concurrent.ScheduledExecutorService loop,
      ExecutorService httpExecutor,
      GrpcChannels channels,
      ActorSystem<Void> system) {
    loop.shutdownNow();
    channels.close();
    system.terminate();
    httpExecutor.shutdownNow();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
