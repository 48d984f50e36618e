package org.playhead.chaos.cluster;

import org.playhead.devkit.FreePorts;

/**
 * The three ports of one node: players (HTTP and gRPC), remoting (Artery) and management. They are
 * kept across restarts, so a restarted node answers where its players and seed-node list expect.
 */
public record NodePorts(int api, int remoting, int management) {

  public NodePorts {
    for (int port : new int[] {api, remoting, management}) {
      if (port <= 0 || port > 65_535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
    }
    if (api == remoting || api == management || remoting == management) {
      throw new IllegalArgumentException("a node needs three distinct ports");
    }
  }

  /** Three ports free on {@code host} now, none handed out before by this JVM. */
  public static NodePorts free(String host) {
    return new NodePorts(FreePorts.take(host), FreePorts.take(host), FreePorts.take(host));
  }
}
