package org.playhead.chaos.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fault as it was injected: when, on which node, which shards that node hosted just before, and
 * the moments of its later steps (SIGCONT, Cassandra down and up again) as they happen.
 *
 * @param fault what was injected
 * @param node the node it hit, or null (Cassandra)
 * @param at when the signal was sent (or the Cassandra stop began)
 * @param shardsBefore the node's playback-session shards (shard id to entity count) just before
 * @param done completes when the fault's last step is over (at once for kill -9)
 */
public record Injection(
    Fault fault,
    String node,
    Instant at,
    Map<String, Integer> shardsBefore,
    List<Mark> marks,
    CompletableFuture<Void> done) {

  /** A later step of a fault: {@code sigcont}, {@code cassandra-down}, {@code node-up}... */
  public record Mark(String name, Instant at) {}

  public static Injection of(Fault fault, String node, Instant at, Map<String, Integer> shards) {
    return new Injection(
        fault,
        node,
        at,
        Map.copyOf(shards),
        new CopyOnWriteArrayList<>(),
        new CompletableFuture<>());
  }

  void mark(String name) {
    marks.add(new Mark(name, Instant.now()));
  }

  public java.util.Optional<Instant> markAt(String name) {
    return marks.stream().filter(m -> m.name().equals(name)).map(Mark::at).findFirst();
  }

  /** The shards that held at least one session. */
  public Set<String> occupiedShards() {
    return shardsBefore.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(Map.Entry::getKey)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
