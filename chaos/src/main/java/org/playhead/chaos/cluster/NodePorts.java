package org.playhead.chaos.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

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

  /** Three ports free on {@code host} right now (the OS picks them). */
  public static NodePorts free(String host) {
    try (ServerSocket a = bound(host);
        ServerSocket b = bound(host);
        ServerSocket c = bound(host)) {
      return new NodePorts(a.getLocalPort(), b.getLocalPort(), c.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + host, e);
    }
  }

  private static ServerSocket bound(String host) throws IOException {
    // Held open together so the three differ; closed before the node binds them.
    return new ServerSocket(0, 1, InetAddress.getByName(host));
  }
}
