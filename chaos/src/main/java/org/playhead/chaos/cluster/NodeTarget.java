package org.playhead.chaos.cluster;

/** Which node a fault hits. */
public sealed interface NodeTarget {

  /** Any running node, chosen by the drill's seeded random. */
  record Random() implements NodeTarget {
    @Override
    public String spec() {
      return "random";
    }
  }

  /** The oldest member: it hosts the shard coordinator, so its loss costs the most. */
  record Oldest() implements NodeTarget {
    @Override
    public String spec() {
      return "oldest";
    }
  }

  record Named(String name) implements NodeTarget {
    public Named {
      if (!name.matches("node-[1-9][0-9]*")) {
        throw new IllegalArgumentException(
            "a node is named node-1, node-2, ... (or use random, oldest), got '" + name + "'");
      }
    }

    @Override
    public String spec() {
      return name;
    }
  }

  String spec();

  static NodeTarget parse(String text) {
    return switch (text) {
      case "random", "" -> new Random();
      case "oldest" -> new Oldest();
      default -> new Named(text);
    };
  }
}
