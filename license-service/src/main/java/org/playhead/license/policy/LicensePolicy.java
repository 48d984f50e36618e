package org.playhead.license.policy;

import java.util.EnumSet;
import java.util.Set;
import org.playhead.license.Hdcp;
import org.playhead.license.TrackType;

/**
 * The rules a license carries for the CDM, Widevine-style (durations in seconds, 0 = unlimited).
 *
 * @param securityLevel the device's level as the license counts it, 1-5
 * @param requiredHdcp the strongest HDCP any key in the license needs
 */
public record LicensePolicy(
    boolean canPlay,
    boolean canPersist,
    boolean canRenew,
    long licenseDurationSeconds,
    long rentalDurationSeconds,
    long playbackDurationSeconds,
    long renewalDelaySeconds,
    long renewalRetryIntervalSeconds,
    long renewalRecoveryDurationSeconds,
    long playStartGracePeriodSeconds,
    int securityLevel,
    Hdcp requiredHdcp,
    Set<TrackType> allowedTrackTypes) {

  public LicensePolicy {
    allowedTrackTypes =
        allowedTrackTypes.isEmpty()
            ? Set.of()
            : java.util.Collections.unmodifiableSet(EnumSet.copyOf(allowedTrackTypes));
  }

  public int playReadySecurityLevel() {
    return TierRules.toPlayReady(securityLevel);
  }

  /** A streaming license: short, renewed while the session plays. */
  public static LicensePolicy streaming(
      PolicySettings s, int level, Hdcp required, Set<TrackType> allowed) {
    return new LicensePolicy(
        true,
        false,
        true,
        s.streamingLicense().toSeconds(),
        0,
        0,
        s.renewalDelay().toSeconds(),
        s.renewalRetry().toSeconds(),
        s.renewalRecovery().toSeconds(),
        s.playStartGrace().toSeconds(),
        level,
        required,
        allowed);
  }

  /** A persistent (offline) license: kept for the rental period, not renewed. */
  public static LicensePolicy persistent(
      PolicySettings s, int level, Hdcp required, Set<TrackType> allowed) {
    return new LicensePolicy(
        true,
        true,
        false,
        s.rental().toSeconds(),
        s.rental().toSeconds(),
        s.persistentPlayback().toSeconds(),
        0,
        0,
        0,
        s.playStartGrace().toSeconds(),
        level,
        required,
        allowed);
  }
}
