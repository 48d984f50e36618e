package org.playhead.chaos.load;

import org.playhead.chaos.cluster.NodeEndpoint;

/**
 * Where and as whom a player makes one call.
 *
 * @param nodeIndex the node's place in the simulator's node list
 * @param slot the player's number: which of a node's shared connections it uses
 * @param authorization the full {@code Authorization} header value ({@code Bearer ...})
 */
record Target(
    int nodeIndex,
    int slot,
    NodeEndpoint node,
    String authorization,
    SessionOwner owner,
    String deviceType) {}
