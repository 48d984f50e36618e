package org.playhead.chaos.verify;

/**
 * Whether a session of a killed node answered again after the drill.
 *
 * @param detail the last answer or failure, for a person
 */
public record KilledNodeProbe(String sessionId, boolean answered, String detail) {}
