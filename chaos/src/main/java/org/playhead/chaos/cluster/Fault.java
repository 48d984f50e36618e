package org.playhead.chaos.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * A fault the kit can inject. Written as text on the command line and in drill requests:
 *
 * <ul>
 *   <li>{@code kill9[:random|oldest|node-N]}: SIGKILL, the node vanishes mid-work;
 *   <li>{@code sigterm[:target]}: a graceful leave (coordinated shutdown hands shards off);
 *   <li>{@code freeze[:target][:duration]}: SIGSTOP, SIGCONT after the duration (8s), like a long
 *       GC pause;
 *   <li>{@code restart[:node-N]}: launch a killed or stopped node again (every down node if none is
 *       named);
 *   <li>{@code cassandra[:downtime]}: stop Cassandra, wait (5s), start it again.
 * </ul>
 */
public sealed interface Fault {
  Duration DEFAULT_FREEZE = Duration.ofSeconds(8);
  Duration DEFAULT_CASSANDRA_DOWNTIME = Duration.ofSeconds(5);
  Duration MAX_DURATION = Duration.ofMinutes(10);

  /** The fault as text, parseable by {@link #parse}. */
  String spec();

  /** Whether it takes a node away until it is restarted. */
  default boolean downsNode() {
    return false;
  }

  record Kill(NodeTarget target) implements Fault {
    @Override
    public String spec() {
      return "kill9:" + target.spec();
    }

    @Override
    public boolean downsNode() {
      return true;
    }
  }

  record Terminate(NodeTarget target) implements Fault {
    @Override
    public String spec() {
      return "sigterm:" + target.spec();
    }

    @Override
    public boolean downsNode() {
      return true;
    }
  }

  record Freeze(NodeTarget target, Duration duration) implements Fault {
    public Freeze {
      requireDuration(duration, "freeze");
    }

    @Override
    public String spec() {
      return "freeze:" + target.spec() + ":" + DurationText.format(duration);
    }
  }

  record RestartNode(Optional<String> name) implements Fault {
    public RestartNode {
      name.ifPresent(NodeTarget.Named::new);
    }

    @Override
    public String spec() {
      return name.map(n -> "restart:" + n).orElse("restart");
    }
  }

  record RestartCassandra(Duration downtime) implements Fault {
    public RestartCassandra {
      if (downtime.isNegative() || downtime.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException("cassandra downtime must be between 0 and 10m");
      }
    }

    @Override
    public String spec() {
      return "cassandra:" + DurationText.format(downtime);
    }
  }

  private static void requireDuration(Duration d, String what) {
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(what + " duration must be between 0 and 10m");
    }
  }

  /**
   * Parses a fault written as text.
   *
   * @throws IllegalArgumentException saying what is wrong and what is expected
   */
  static Fault parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty fault");
    }
    String[] parts = text.trim().split(":", -1);
    String kind = parts[0];
    switch (kind) {
      case "kill9", "kill" -> {
        requireParts(text, parts, 2);
        return new Kill(NodeTarget.parse(part(parts, 1)));
      }
      case "sigterm", "term" -> {
        requireParts(text, parts, 2);
        return new Terminate(NodeTarget.parse(part(parts, 1)));
      }
      case "freeze", "sigstop" -> {
        requireParts(text, parts, 3);
        NodeTarget target = NodeTarget.parse(part(parts, 1));
        String duration = part(parts, 2);
        return new Freeze(
            target, duration.isEmpty() ? DEFAULT_FREEZE : DurationText.parse(duration));
      }
      case "restart" -> {
        requireParts(text, parts, 2);
        String name = part(parts, 1);
        return new RestartNode(name.isEmpty() ? Optional.empty() : Optional.of(name));
      }
      case "cassandra" -> {
        requireParts(text, parts, 2);
        String downtime = part(parts, 1);
        return new RestartCassandra(
            downtime.isEmpty() ? DEFAULT_CASSANDRA_DOWNTIME : DurationText.parse(downtime));
      }
      default ->
          throw new IllegalArgumentException(
              "unknown fault '"
                  + kind
                  + "': expected kill9, sigterm, freeze, restart or cassandra (e.g. kill9:random,"
                  + " freeze:node-2:8s, cassandra:5s)");
    }
  }

  private static String part(String[] parts, int index) {
    return index < parts.length ? parts[index].trim() : "";
  }

  private static void requireParts(String text, String[] parts, int max) {
    if (parts.length > max) {
      throw new IllegalArgumentException("too many ':' parts in fault '" + text + "'");
    }
  }
}
