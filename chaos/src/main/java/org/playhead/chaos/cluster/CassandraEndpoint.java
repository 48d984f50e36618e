package org.playhead.chaos.cluster;

import java.util.Map;

/**
 * The Cassandra the nodes write to, as {@code host:port}. Read the way the node and the launcher
 * read it: {@code PLAYHEAD_CASSANDRA_CONTACT_POINT} (or {@code -Dplayhead.cassandra.contact-point})
 * wins; else 127.0.0.1 on {@code PLAYHEAD_CASSANDRA_PORT}, the launcher's CQL port (9042).
 */
public record CassandraEndpoint(String host, int port) {

  public CassandraEndpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("Cassandra host must not be empty");
    }
    if (port <= 0 || port > 65_535) {
      throw new IllegalArgumentException("Cassandra port out of range: " + port);
    }
  }

  public static CassandraEndpoint fromEnvironment() {
    return resolve(System.getenv(), System.getProperty("playhead.cassandra.contact-point"));
  }

  static CassandraEndpoint resolve(Map<String, String> env, String property) {
    String contactPoint = property != null ? property : env.get("PLAYHEAD_CASSANDRA_CONTACT_POINT");
    if (contactPoint != null && !contactPoint.isBlank()) {
      return parse(contactPoint);
    }
    String port = env.getOrDefault("PLAYHEAD_CASSANDRA_PORT", "9042");
    try {
      return new CassandraEndpoint("127.0.0.1", Integer.parseInt(port.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PLAYHEAD_CASSANDRA_PORT is not a number: " + port);
    }
  }

  public static CassandraEndpoint parse(String contactPoint) {
    int colon = contactPoint.lastIndexOf(':');
    if (colon <= 0 || colon == contactPoint.length() - 1) {
      throw new IllegalArgumentException(
          "A Cassandra contact point is host:port, got '" + contactPoint + "'");
    }
    try {
      return new CassandraEndpoint(
          contactPoint.substring(0, colon).trim(),
          Integer.parseInt(contactPoint.substring(colon + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "A Cassandra contact point is host:port, got '" + contactPoint + "'");
    }
  }

  /** As the node's {@code playhead.cassandra.contact-point} setting wants it. */
  public String contactPoint() {
    return host + ":" + port;
  }
}
