package org.playhead.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardMapTest {

  @Test
  void mapsAsShardingsHashCodeExtractorDoes() {
    ShardMap map = new ShardMap(1000);
    // abs(hashCode) % shards, as Pekko's HashCodeMessageExtractor computes it.
    assertEquals("354", map.shardOf("abc")); // "abc".hashCode() == 96354
    String negative = "polygenelubricants"; // hashCode() == Integer.MIN_VALUE
    assertEquals(Integer.MIN_VALUE, negative.hashCode());
    assertEquals(String.valueOf(Math.abs(Integer.MIN_VALUE) % 1000), map.shardOf(negative));
    assertEquals(Set.of("abc"), map.entitiesIn(Set.of("354"), List.of("abc", "abd", "abe")));
  }

  @Test
  void readsTheShardCountTheNodesRunWith() {
    ClusterSpec spec =
        ClusterSpec.of(
                3,
                java.nio.file.Path.of("target"),
                new CassandraEndpoint("127.0.0.1", 9042),
                java.nio.file.Path.of("keys.json"))
            .withSettings(Map.of("pekko.cluster.sharding.number-of-shards", "77"));
    assertEquals(77, ShardMap.of(spec.nodeConfig()).numberOfShards());
    assertEquals(
        1000,
        ShardMap.of(
                ConfigFactory.parseResourcesAnySyntax("application")
                    .withFallback(ConfigFactory.defaultReference())
                    .resolve())
            .numberOfShards());
    assertThrows(IllegalArgumentException.class, () -> new ShardMap(0));
  }
}
