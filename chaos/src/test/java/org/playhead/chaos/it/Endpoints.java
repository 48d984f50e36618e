package org.playhead.chaos.it;

import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.testkit.NodeProcess;

/** A test node as the kit addresses nodes. */
final class Endpoints {
  private Endpoints() {}

  static NodeEndpoint of(NodeProcess node) {
    return new NodeEndpoint(node.name(), "127.0.0.1", node.httpPort(), node.managementPort());
  }
}
