package org.playhead.session;

/**
 * Marker for commands and replies that cross the cluster: serialized with Jackson CBOR (bound in
 * {@code serialization.conf}). Persisted events and snapshots never use it; they go through the
 * protobuf serializers so that they outlive code changes.
 */
public interface ClusterSerializable {}
