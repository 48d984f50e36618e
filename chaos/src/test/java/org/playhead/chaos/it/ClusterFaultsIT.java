package org.playhead.chaos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.chaos.Await;
import org.playhead.chaos.cluster.CassandraControl;
import org.playhead.chaos.cluster.CassandraEndpoint;
import org.playhead.chaos.cluster.ClusterNode;
import org.playhead.chaos.cluster.ClusterSpec;
import org.playhead.chaos.cluster.ClusterView;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.chaos.cluster.NodeState;
import org.playhead.chaos.cluster.PlayheadCluster;
import org.playhead.chaos.cluster.ShardMap;
import org.playhead.testkit.NodeProcess;

/**
 * The kit on a real three-node cluster against the real Cassandra: it forms, its shard allocation
 * says where sessions live, and each fault does what it should: after a kill -9 the others down the
 * node and its sessions answer from them; a frozen node comes back without being downed; sessions
 * survive a Cassandra restart. Phase times are printed, not asserted (they are drill figures).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterFaultsIT {
  static PlayheadCluster cluster;
  static ShardMap shardMap;
  static final TestPlayers players = new TestPlayers();
  static final String run = UUID.randomUUID().toString().substring(0, 8);
  static final List<String> sessions = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    ClusterSpec spec =
        ClusterSpec.of(
                3,
                Path.of("target", "it-cluster"),
                CassandraEndpoint.fromEnvironment(),
                NodeProcess.DEV_KEYS)
            // The tests pace themselves, not like players: no session may expire meanwhile.
            .withSettings(Map.of("playhead.session.lease-ttl", "10m"))
            .withSettings(experimentSettings());
    cluster = PlayheadCluster.start(spec);
    ClusterLogsOnFailure.watch(cluster);
    shardMap = ShardMap.of(spec.nodeConfig());
  }

  /** Extra node settings to try, e.g. -Dchaos.it.settings=pekko.cluster.down-removal-margin=2s. */
  private static Map<String, String> experimentSettings() {
    Map<String, String> settings = new HashMap<>();
    String text = System.getProperty("chaos.it.settings", "");
    for (String pair : text.split(",")) {
      if (pair.contains("=")) {
        settings.put(
            pair.substring(0, pair.indexOf('=')).trim(),
            pair.substring(pair.indexOf('=') + 1).trim());
      }
    }
    return settings;
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void formsAndItsShardsSayWhereSessionsLive() throws Exception {
    ClusterView view = cluster.view();
    assertEquals(3, view.members().size(), view.toString());
    assertTrue(view.healthy(3), view.toString());
    List<NodeEndpoint> nodes = cluster.endpoints();
    Map<String, String> ownerHintOf = new HashMap<>();
    for (int i = 0; i < 120; i++) {
      String id = "kit-" + run + "-" + i;
      var answer = players.startRetrying(nodes.get(i % 3), id, "acc-kit-" + run + "-" + i);
      assertEquals(201, answer.status(), answer.body().toString());
      sessions.add(id);
      ownerHintOf.put(id, answer.owner());
    }
    Map<String, Integer> entitiesPerShard = new HashMap<>();
    Map<String, String> hostOf = new HashMap<>();
    for (ClusterNode node : cluster.nodes()) {
      cluster
          .management()
          .shards(node.endpoint(), ShardMap.PLAYBACK_SESSION)
          .forEach(
              (shard, count) -> {
                entitiesPerShard.put(shard, count);
                String other = hostOf.put(shard, node.name());
                assertEquals(null, other, "shard " + shard + " on two nodes");
              });
    }
    Map<String, Integer> expected = new HashMap<>();
    for (String id : sessions) {
      expected.merge(shardMap.shardOf(id), 1, Integer::sum);
    }
    // The kit's entity-to-shard mapping is the nodes' own: every count matches.
    expected.forEach(
        (shard, count) -> assertEquals(count, entitiesPerShard.get(shard), "entities of " + shard));
    assertTrue(
        cluster.nodes().stream().allMatch(n -> hostOf.containsValue(n.name())),
        "every node hosts some of 120 sessions: " + hostOf.values());
    // Whichever node a start reached, its answer names the node that holds the session.
    for (String id : sessions) {
      String host = cluster.node(hostOf.get(shardMap.shardOf(id))).endpoint().apiUrl();
      assertEquals(host, ownerHintOf.get(id), "owner hint of " + id);
    }
  }

  @Test
  @Order(2)
  void afterKill9TheOthersDownTheNodeAndItsSessionsAnswerFromThem() throws Exception {
    ClusterNode victim = cluster.node("node-2");
    Set<String> shards =
        cluster.management().shards(victim.endpoint(), ShardMap.PLAYBACK_SESSION).keySet();
    Set<String> onVictim = shardMap.entitiesIn(shards, sessions);
    assertFalse(onVictim.isEmpty());
    List<NodeEndpoint> survivors =
        List.of(cluster.node("node-1").endpoint(), cluster.node("node-3").endpoint());

    Instant killedAt = Instant.now();
    victim.kill9();
    Map<String, Long> answeredAfter = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread heartbeats = playersKeepBeating(onVictim, survivors, killedAt, answeredAfter, stop);
    try {
      long detect =
          until("unreachable", killedAt, Duration.ofSeconds(30), () -> seen(victim, "unreachable"));
      long decide =
          until("downed or removed", killedAt, Duration.ofSeconds(60), () -> seen(victim, "down"));
      long moved =
          until(
              "shards moved",
              killedAt,
              Duration.ofSeconds(60),
              () -> hostedBy(survivors).containsAll(shardsOf(onVictim)));
      long allAnswered =
          until(
              "every session of the killed node answers",
              killedAt,
              Duration.ofSeconds(60),
              () -> answeredAfter.keySet().containsAll(onVictim));
      long first = answeredAfter.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      System.out.printf(
          "kill -9 of node-2 (%d sessions): unreachable after %d ms, downed/removed %d ms, first"
              + " moved session answered %d ms, all shards moved %d ms, all %d sessions answered %d"
              + " ms%n",
          onVictim.size(), detect, decide, first, moved, onVictim.size(), allAnswered);
    } finally {
      stop.set(true);
      heartbeats.join();
    }
    cluster.restart("node-2");
    cluster.awaitHealthy(Duration.ofSeconds(60));
  }

  @Test
  @Order(3)
  void aFrozenNodeComesBackWithoutBeingDowned() throws Exception {
    ClusterNode frozen = cluster.node("node-3");
    Set<String> onFrozen =
        shardMap.entitiesIn(
            cluster.management().shards(frozen.endpoint(), ShardMap.PLAYBACK_SESSION).keySet(),
            sessions);
    Instant at = Instant.now();
    frozen.freeze();
    long detect =
        until("unreachable", at, Duration.ofSeconds(20), () -> seen(frozen, "unreachable"));
    frozen.thaw();
    long thawed = Duration.between(at, Instant.now()).toMillis();
    long healthy = until("healthy again", at, Duration.ofSeconds(60), () -> cluster.healthy());
    assertEquals(NodeState.RUNNING, frozen.state());
    assertEquals(1, frozen.incarnation(), "never restarted");
    for (String id : onFrozen) {
      assertEquals(200, players.heartbeat(frozen.endpoint(), id).status(), id);
    }
    System.out.printf(
        "SIGSTOP of node-3 for %d ms: unreachable after %d ms, healthy again %d ms%n",
        thawed, detect, healthy);
  }

  @Test
  @Order(4)
  void sessionsSurviveACassandraRestart() throws Exception {
    CassandraControl cassandra =
        new CassandraControl(
            CassandraControl.locateLauncher(), Path.of("target", "it-cluster", "cassandractl.log"));
    NodeEndpoint node = cluster.node("node-1").endpoint();
    Instant at = Instant.now();
    cassandra.stop();
    long stopped = Duration.between(at, Instant.now()).toMillis();
    // A start must be written before it is acknowledged: with no Cassandra it is not.
    var refused = players.start(node, "kit-" + run + "-nocass", "acc-kit-" + run + "-nocass");
    assertNotEquals(201, refused.status(), refused.body().toString());
    cassandra.start();
    long up = Duration.between(at, Instant.now()).toMillis();
    long writes =
        until(
            "starts acknowledged again",
            at,
            Duration.ofSeconds(90),
            () -> {
              String id = "kit-" + run + "-back-" + UUID.randomUUID();
              return players.start(node, id, "acc-" + id).status() == 201;
            });
    // A session whose checkpoint failed meanwhile restarts (with backoff): players retry.
    Set<String> silent = new HashSet<>(sessions);
    long all =
        until(
            "every session answers again",
            at,
            Duration.ofSeconds(60),
            () -> {
              silent.removeIf(id -> players.heartbeat(node, id).status() == 200);
              return silent.isEmpty();
            });
    System.out.printf(
        "Cassandra restart: every session answered again %d ms after the stop%n", all);
    System.out.printf(
        "Cassandra restart: stopped after %d ms, up after %d ms, starts acknowledged again %d ms%n",
        stopped, up, writes);
  }

  /** Each session of {@code ids} heartbeats every 500 ms until it answered once, in parallel. */
  private static Thread playersKeepBeating(
      Set<String> ids,
      List<NodeEndpoint> via,
      Instant since,
      Map<String, Long> answeredAfter,
      AtomicBoolean stop) {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    Thread t =
        new Thread(
            () -> {
              int i = 0;
              try {
                while (!stop.get()) {
                  List<java.util.concurrent.Future<?>> round = new ArrayList<>();
                  for (String id : ids) {
                    if (answeredAfter.containsKey(id)) {
                      continue;
                    }
                    NodeEndpoint node = via.get(i++ % via.size());
                    round.add(
                        pool.submit(
                            () -> {
                              if (players.heartbeat(node, id).status() == 200) {
                                answeredAfter.putIfAbsent(
                                    id, Duration.between(since, Instant.now()).toMillis());
                              }
                            }));
                  }
                  Await.elapse(Duration.ofMillis(500));
                  for (var f : round) {
                    f.get();
                  }
                }
              } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                // stop
              } finally {
                pool.shutdownNow();
              }
            },
            "it-heartbeats");
    t.start();
    return t;
  }

  private static Set<String> shardsOf(Set<String> ids) {
    Set<String> shards = new HashSet<>();
    ids.forEach(id -> shards.add(shardMap.shardOf(id)));
    return shards;
  }

  private static Set<String> hostedBy(List<NodeEndpoint> nodes) {
    Set<String> hosted = new HashSet<>();
    for (NodeEndpoint node : nodes) {
      try {
        hosted.addAll(cluster.management().shards(node, ShardMap.PLAYBACK_SESSION).keySet());
      } catch (IOException e) {
        // not answering this time
      }
    }
    return hosted;
  }

  /** Whether a node other than {@code member} sees it unreachable ("unreachable") or gone/down. */
  private static boolean seen(ClusterNode member, String what) {
    for (ClusterNode observer : cluster.answeringNodes()) {
      if (observer == member) {
        continue;
      }
      try {
        ClusterView view = cluster.management().members(observer.endpoint());
        if (what.equals("unreachable") && view.isUnreachable(member.address())) {
          return true;
        }
        if (what.equals("down")
            && view.statusOf(member.address()).map(s -> s.equals("Down")).orElse(true)) {
          return true;
        }
      } catch (IOException e) {
        // try another observer
      }
    }
    return false;
  }

  /** Waits for {@code condition}; returns when it held, in milliseconds since {@code since}. */
  private static long until(
      String what, Instant since, Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException, java.util.concurrent.TimeoutException {
    Await.until(what, timeout, Duration.ofMillis(100), condition);
    return Duration.between(since, Instant.now()).toMillis();
  }
}
