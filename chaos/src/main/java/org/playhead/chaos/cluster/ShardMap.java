package org.playhead.chaos.cluster;

import com.typesafe.config.Config;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;

/**
 * Which shard an entity id belongs to, computed exactly as the nodes do: {@code
 * PlaybackSession.init} uses sharding's default extractor, {@link HashCodeMessageExtractor}, over
 * {@code pekko.cluster.sharding.number-of-shards}. With the shards a node's region hosts (from
 * management), this says which sessions lived on that node.
 */
public final class ShardMap {
  /** The entity type name of playback sessions (PlaybackSession.ENTITY_KEY). */
  public static final String PLAYBACK_SESSION = "PlaybackSession";

  private final HashCodeMessageExtractor<Object> extractor;
  private final int numberOfShards;

  public ShardMap(int numberOfShards) {
    if (numberOfShards < 1) {
      throw new IllegalArgumentException("numberOfShards must be positive");
    }
    this.numberOfShards = numberOfShards;
    this.extractor = new HashCodeMessageExtractor<>(numberOfShards);
  }

  public static ShardMap of(Config nodeConfig) {
    return new ShardMap(nodeConfig.getInt("pekko.cluster.sharding.number-of-shards"));
  }

  public int numberOfShards() {
    return numberOfShards;
  }

  public String shardOf(String entityId) {
    return extractor.shardId(entityId);
  }

  /** The entities among {@code entityIds} whose shard is one of {@code shards}. */
  public Set<String> entitiesIn(Set<String> shards, Collection<String> entityIds) {
    Set<String> inside = new LinkedHashSet<>();
    for (String id : entityIds) {
      if (shards.contains(shardOf(id))) {
        inside.add(id);
      }
    }
    return inside;
  }
}
