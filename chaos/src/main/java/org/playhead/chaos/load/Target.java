package org.playhead.chaos.load;

import org.playhead.chaos.cluster.NodeEndpoint;

/**
 * Where and as whom a player makes one call.
 *
 * @param nodeIndex the node's place in the simulator's node list
 * @param authorization the full {@code Authorization} header value ({@code Bearer ...})
 */
record Target(
    int nodeIndex,
    NodeEndpoint node,
    String authorization,
    SessionOwner owner,
    String deviceType) {}
