package org.playhead.session;

import java.time.Duration;

/**
 * What an account may do at once.
 *
 * @param maxStreams live streams at once (1, 2 or 4 for the familiar tiers)
 * @param maxDevices registered devices
 * @param handoffGrace how long a slot a profile just stopped stays reserved for that profile, so it
 *     can move to another device without someone else taking the slot in between
 */
public record Plan(
    String name, int maxStreams, int maxDevices, EvictionPolicy policy, Duration handoffGrace) {}
