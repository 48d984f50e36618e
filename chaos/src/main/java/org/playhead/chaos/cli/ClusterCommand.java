package org.playhead.chaos.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.playhead.chaos.cluster.ClusterNode;
import org.playhead.chaos.cluster.PlayheadCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code playhead chaos cluster}: just a running cluster, until Ctrl-C. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Starts N nodes on loopback as one cluster and keeps them running until Ctrl-C.")
final class ClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions options;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    PlayheadCluster cluster = PlayheadCluster.start(options.spec());
    out.println("cluster Up (Ctrl-C stops every node):");
    for (ClusterNode node : cluster.nodes()) {
      out.printf(
          "  %-7s pid %-7d players %s   management %s   log %s%n",
          node.name(),
          node.pid(),
          node.endpoint().apiUrl(),
          node.endpoint().managementUrl(),
          node.logFile());
    }
    out.flush();
    // The cluster's shutdown hook stops the nodes when this JVM is told to end.
    new CountDownLatch(1).await();
    return 0;
  }
}
