package org.playhead.chaos.cluster;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.playhead.chaos.Await;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects {@link Fault}s into a {@link PlayheadCluster}. Signals are sent at once; the slow tails
 * (thawing after a freeze, Cassandra's restart, a node's start) run in the background so the caller
 * can watch the cluster meanwhile; {@link Injection#done()} completes when they are over.
 */
public final class FaultInjector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

  private final PlayheadCluster cluster;
  private final Optional<CassandraControl> cassandra;
  private final Random random;
  private final ExecutorService background =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fault-injector");
            t.setDaemon(true);
            return t;
          });

  public FaultInjector(
      PlayheadCluster cluster, Optional<CassandraControl> cassandra, Random random) {
    this.cluster = cluster;
    this.cassandra = cassandra;
    this.random = random;
  }

  /** Picks the node a target means now: running (not frozen, not down) nodes only. */
  public ClusterNode resolve(NodeTarget target) throws IOException {
    List<ClusterNode> running =
        cluster.nodes().stream().filter(n -> n.state() == NodeState.RUNNING).toList();
    if (running.isEmpty()) {
      throw new IllegalStateException("No running node to hit");
    }
    if (target instanceof NodeTarget.Random) {
      return running.get(random.nextInt(running.size()));
    }
    if (target instanceof NodeTarget.Oldest) {
      ClusterNode oldest =
          cluster.oldest().orElseThrow(() -> new IllegalStateException("No oldest member known"));
      if (oldest.state() != NodeState.RUNNING) {
        throw new IllegalStateException("The oldest member " + oldest + " is not running");
      }
      return oldest;
    }
    ClusterNode named = cluster.node(((NodeTarget.Named) target).name());
    if (named.state() != NodeState.RUNNING) {
      throw new IllegalStateException(named + " is not running");
    }
    return named;
  }

  public Injection inject(Fault fault) throws Exception {
    if (fault instanceof Fault.Kill kill) {
      ClusterNode node = resolve(kill.target());
      Injection injection = Injection.of(fault, node.name(), Instant.now(), shardsOf(node));
      node.kill9();
      injection.done().complete(null);
      return injection;
    }
    if (fault instanceof Fault.Terminate terminate) {
      ClusterNode node = resolve(terminate.target());
      Injection injection = Injection.of(fault, node.name(), Instant.now(), shardsOf(node));
      node.terminate();
      background(
          injection,
          () -> {
            node.awaitExit(Duration.ofSeconds(60));
            injection.mark("exited");
          });
      return injection;
    }
    if (fault instanceof Fault.Freeze freeze) {
      ClusterNode node = resolve(freeze.target());
      Injection injection = Injection.of(fault, node.name(), Instant.now(), shardsOf(node));
      node.freeze();
      background(
          injection,
          () -> {
            Await.elapse(freeze.duration());
            node.thaw();
            injection.mark("sigcont");
          });
      return injection;
    }
    if (fault instanceof Fault.RestartNode restart) {
      List<ClusterNode> down =
          restart
              .name()
              .map(name -> List.of(cluster.node(name)))
              .orElseGet(() -> cluster.nodes().stream().filter(n -> n.state().isDown()).toList());
      for (ClusterNode node : down) {
        if (!node.state().isDown()) {
          throw new IllegalStateException(node + " is not down: nothing to restart");
        }
      }
      String names = String.join(",", down.stream().map(ClusterNode::name).toList());
      Injection injection =
          Injection.of(fault, names.isEmpty() ? null : names, Instant.now(), Map.of());
      background(
          injection,
          () -> {
            for (ClusterNode node : down) {
              cluster.restart(node.name());
            }
            injection.mark("node-up");
          });
      return injection;
    }
    Fault.RestartCassandra restart = (Fault.RestartCassandra) fault;
    CassandraControl control =
        cassandra.orElseThrow(() -> new IllegalStateException("No cassandractl to restart with"));
    Injection injection = Injection.of(fault, null, Instant.now(), Map.of());
    background(
        injection,
        () -> {
          control.stop();
          injection.mark("cassandra-down");
          Await.elapse(restart.downtime());
          injection.mark("cassandra-starting");
          control.start();
          injection.mark("cassandra-up");
        });
    return injection;
  }

  /** The shards the node's region hosts now; empty if it does not answer. */
  private Map<String, Integer> shardsOf(ClusterNode node) {
    try {
      return cluster.management().shards(node.endpoint(), ShardMap.PLAYBACK_SESSION);
    } catch (IOException e) {
      log.warn("Could not read the shards of {} before the fault: {}", node.name(), e.getMessage());
      return Map.of();
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void background(Injection injection, Step step) {
    CompletableFuture.runAsync(
        () -> {
          try {
            step.run();
            injection.done().complete(null);
          } catch (Exception e) {
            log.error("Fault {} failed", injection.fault().spec(), e);
            injection.done().completeExceptionally(e);
          }
        },
        background);
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
