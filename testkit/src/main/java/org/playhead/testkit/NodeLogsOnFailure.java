package org.playhead.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the logs of the nodes a test started, only when it fails. */
public final class NodeLogsOnFailure implements TestWatcher {
  private static final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();

  /** Watches {@code node}; returns it, so a start can be wrapped. */
  public static NodeProcess watch(NodeProcess node) {
    nodes.add(node);
    return node;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (NodeProcess node : nodes) {
      System.err.println(node.logTail());
    }
  }
}
