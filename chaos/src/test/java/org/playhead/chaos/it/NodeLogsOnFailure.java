package org.playhead.chaos.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the logs of the nodes a test started, only when it fails. */
public final class NodeLogsOnFailure implements TestWatcher {
  private static final List<TestNode> nodes = new CopyOnWriteArrayList<>();

  public static TestNode watch(TestNode node) {
    nodes.add(node);
    return node;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (TestNode node : nodes) {
      System.err.println(node.logTail());
    }
  }
}
