package org.playhead.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraEndpointTest {

  @Test
  void followsTheLaunchersPortUnlessAContactPointIsGiven() {
    assertEquals(
        new CassandraEndpoint("127.0.0.1", 9042), CassandraEndpoint.resolve(Map.of(), null));
    assertEquals(
        new CassandraEndpoint("127.0.0.1", 9142),
        CassandraEndpoint.resolve(Map.of("PLAYHEAD_CASSANDRA_PORT", "9142"), null));
    assertEquals(
        new CassandraEndpoint("10.0.0.5", 9043),
        CassandraEndpoint.resolve(
            Map.of(
                "PLAYHEAD_CASSANDRA_PORT", "9142",
                "PLAYHEAD_CASSANDRA_CONTACT_POINT", "10.0.0.5:9043"),
            null));
    assertEquals(
        new CassandraEndpoint("db", 9000),
        CassandraEndpoint.resolve(Map.of("PLAYHEAD_CASSANDRA_CONTACT_POINT", "x:1"), "db:9000"));
    assertEquals("db:9000", CassandraEndpoint.parse("db:9000").contactPoint());
  }

  @Test
  void refusesWhatIsNotHostAndPort() {
    for (String bad : new String[] {"db", ":9042", "db:", "db:port", "db:70000"}) {
      assertThrows(IllegalArgumentException.class, () -> CassandraEndpoint.parse(bad), bad);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> CassandraEndpoint.resolve(Map.of("PLAYHEAD_CASSANDRA_PORT", "x"), null));
  }
}
