package org.playhead.session;

/**
 * Marker for commands and replies that cross the cluster. Serialized with Jackson CBOR (bound in
 * {@code serialization.conf}) unless the class itself is bound to the protobuf {@code
 * ClusterMessageSerializer}, as the hot paths' messages are. Persisted events and snapshots never
 * use it; they go through the protobuf event serializers so that they outlive code changes.
 */
public interface ClusterSerializable {}
