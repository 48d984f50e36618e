package org.playhead.session.steering;

import org.playhead.session.ClusterSerializable;

/**
 * Which delivery network the cluster uses, replicated to every node (Distributed Data); the file
 * itself is in Cassandra ({@link NetworkStore}).
 */
public record NetworkVersion(String version, long loadedAtMs, String loadedBy)
    implements ClusterSerializable {}
