package org.playhead.chaos.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.playhead.chaos.cluster.ClusterNode;
import org.playhead.chaos.cluster.PlayheadCluster;

/** Prints the tails of the node logs of the clusters a test started, only when it fails. */
final class ClusterLogsOnFailure implements TestWatcher {
  private static final List<PlayheadCluster> clusters = new CopyOnWriteArrayList<>();

  static void watch(PlayheadCluster cluster) {
    clusters.add(cluster);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (PlayheadCluster cluster : clusters) {
      for (ClusterNode node : cluster.nodes()) {
        System.err.println(node.logTail(80));
      }
    }
  }
}
