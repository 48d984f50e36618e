package org.playhead.session.api;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Role;

/**
 * The cluster as an SRE sees it, on the API port (the management port's {@code /cluster/members}
 * and {@code /cluster/shards} are for probes inside the cluster network, not for a browser):
 *
 * <pre>
 *   GET /v1/sre/cluster   members (status, roles, version, reachability, leader), and per member
 *                         its shards and resident entities of every entity type
 * </pre>
 *
 * Members come from this node's view of the cluster; shards from {@code GetClusterShardingStats},
 * which asks every shard region. A region that does not answer in time is listed in {@code
 * shardStatsMissing} rather than failing the whole answer: an SRE opens this page most often when a
 * node is in trouble.
 */
public final class SreClusterRoutes extends JsonRoutes {
  private final ActorSystem<?> system;
  private final List<EntityTypeKey<?>> entityTypes;
  private final Duration statsTimeout;
  private final HttpAuth auth;
  private final Clock clock;

  public SreClusterRoutes(
      ActorSystem<?> system,
      List<EntityTypeKey<?>> entityTypes,
      Duration statsTimeout,
      HttpAuth auth,
      Clock clock,
      long maxBodyBytes) {
    super(maxBodyBytes);
    this.system = system;
    this.entityTypes = List.copyOf(entityTypes);
    this.statsTimeout = statsTimeout;
    this.auth = auth;
    this.clock = clock;
  }

  /** Shards and resident entities of one entity type on one member. */
  record ShardCount(int shards, long entities) {}

  record MemberJson(
      String address,
      String status,
      boolean reachable,
      boolean leader,
      boolean self,
      String dataCenter,
      String appVersion,
      List<String> roles,
      Map<String, ShardCount> shards) {}

  record ClusterJson(
      long atMs,
      String self,
      String leader,
      int unreachable,
      List<MemberJson> members,
      List<String> shardStatsMissing) {}

  public Route routes() {
    return path(
        PathMatchers.segment("v1").slash("sre").slash("cluster"),
        () ->
            get(
                () ->
                    auth.authenticated(
                        Role.SRE,
                        sre -> onSuccess(view(), view -> complete(json(StatusCodes.OK, view))))));
  }

  CompletionStage<ClusterJson> view() {
    Map<String, CompletionStage<ShardRegion.ClusterShardingStats>> asked = new LinkedHashMap<>();
    for (EntityTypeKey<?> type : entityTypes) {
      asked.put(type.name(), stats(type));
    }
    CompletableFuture<?>[] all =
        asked.values().stream()
            .map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(all).thenApply(done -> assemble(asked));
  }

  /** One type's stats; a failure answers null, so the members still show. */
  private CompletionStage<ShardRegion.ClusterShardingStats> stats(EntityTypeKey<?> type) {
    CompletionStage<ShardRegion.ClusterShardingStats> answer =
        AskPattern.ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetClusterShardingStats(type, statsTimeout, replyTo),
            statsTimeout.plusSeconds(1),
            system.scheduler());
    return answer.exceptionally(failure -> null);
  }

  private ClusterJson assemble(
      Map<String, CompletionStage<ShardRegion.ClusterShardingStats>> asked) {
    Cluster cluster = Cluster.get(system);
    ClusterEvent.CurrentClusterState state = cluster.state();
    Address self = cluster.selfMember().address();
    Address leader = state.getLeader();
    Set<Member> unreachable = state.getUnreachable();
    Map<String, Map<String, ShardCount>> shardsByMember = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    asked.forEach(
        (type, pending) -> {
          ShardRegion.ClusterShardingStats stats = pending.toCompletableFuture().join();
          if (stats == null || stats.getRegions().isEmpty()) {
            missing.add(type);
            return;
          }
          stats
              .getRegions()
              .forEach(
                  (address, region) -> {
                    // The local region may be keyed by its local address (no host): it is self.
                    String member = address.host().isEmpty() ? self.toString() : address.toString();
                    long entities = 0;
                    for (Object count : region.getStats().values()) {
                      entities += ((Number) count).longValue();
                    }
                    shardsByMember
                        .computeIfAbsent(member, m -> new LinkedHashMap<>())
                        .put(type, new ShardCount(region.getStats().size(), entities));
                    if (!region.getFailed().isEmpty() && !missing.contains(type)) {
                      missing.add(type);
                    }
                  });
        });
    List<MemberJson> members =
        StreamSupport.stream(state.getMembers().spliterator(), false)
            .map(
                m ->
                    new MemberJson(
                        m.address().toString(),
                        m.status().toString(),
                        !unreachable.contains(m),
                        m.address().equals(leader),
                        m.address().equals(self),
                        m.dataCenter(),
                        m.appVersion().version(),
                        m.getRoles().stream().sorted().toList(),
                        shardsByMember.getOrDefault(m.address().toString(), Map.of())))
            .toList();
    return new ClusterJson(
        clock.millis(),
        self.toString(),
        leader == null ? null : leader.toString(),
        unreachable.size(),
        members,
        missing);
  }
}
