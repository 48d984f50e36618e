package org.playhead.license;

import java.time.Instant;
import java.util.Set;

/**
 * What StartPlayback hands the player for licensing: a short-lived token bound to the session, and
 * where to use it.
 */
public record LicenseGrant(
    String token,
    String clearKeyUrl,
    String licenseUrl,
    Instant expiresAt,
    Set<TrackType> trackTypes) {}
