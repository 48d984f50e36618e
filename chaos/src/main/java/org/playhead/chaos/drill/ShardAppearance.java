package org.playhead.chaos.drill;

import java.time.Instant;

/** A playback-session shard first seen hosted by a node (at most one polling interval late). */
public record ShardAppearance(Instant at, String shard, String node) {}
