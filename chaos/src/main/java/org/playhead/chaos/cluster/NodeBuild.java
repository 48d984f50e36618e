package org.playhead.chaos.cluster;

import com.typesafe.config.Config;
import java.util.Map;
import org.playhead.devkit.NodeRuntime;

/**
 * The node the kit runs: its own built classpath ({@code session-cluster/target/node.classpath},
 * named by {@code PLAYHEAD_NODE_CLASSPATH_FILE}; {@code ./playhead chaos} and the module's tests
 * set it), and the configuration it runs with, read from that classpath. The kit has no compile
 * dependency on the node: it starts it and speaks to it from outside.
 */
public final class NodeBuild {
  private NodeBuild() {}

  private static final class Holder {
    static final NodeRuntime RUNTIME = NodeRuntime.required();
    static final Config DEFAULTS = RUNTIME.config(Map.of());
  }

  public static NodeRuntime runtime() {
    return Holder.RUNTIME;
  }

  /** The node's configuration without overrides (read once). */
  public static Config config() {
    return Holder.DEFAULTS;
  }

  /** The node's configuration with these {@code -D} overrides. */
  public static Config config(Map<String, String> overrides) {
    return overrides.isEmpty() ? config() : runtime().config(overrides);
  }
}
