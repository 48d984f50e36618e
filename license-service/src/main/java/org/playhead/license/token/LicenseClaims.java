package org.playhead.license.token;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.playhead.license.Hdcp;
import org.playhead.license.TrackType;

/**
 * What a license token says: the session it belongs to and what it may unlock.
 *
 * @param trackTypes the track types this session's device may play (decided at start from its
 *     declared security level and HDCP)
 * @param securityLevel the device's DRM security level declared at start, 1-5
 * @param hdcp the device's HDCP declared at start
 * @param plan the account's plan at start
 * @param persistentAllowed whether the plan allows persistent (offline) licenses
 * @param expiresAt when the token stops being accepted
 */
public record LicenseClaims(
    String sessionId,
    String accountId,
    String deviceId,
    String titleId,
    Set<TrackType> trackTypes,
    int securityLevel,
    Hdcp hdcp,
    String plan,
    boolean persistentAllowed,
    Instant expiresAt) {

  public LicenseClaims {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(titleId, "titleId");
    Objects.requireNonNull(hdcp, "hdcp");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(expiresAt, "expiresAt");
    trackTypes =
        trackTypes.isEmpty()
            ? Set.of()
            : java.util.Collections.unmodifiableSet(EnumSet.copyOf(trackTypes));
  }

  /** The same grant with another expiry (a renewal's fresh token). */
  public LicenseClaims expiringAt(Instant newExpiry) {
    return new LicenseClaims(
        sessionId,
        accountId,
        deviceId,
        titleId,
        trackTypes,
        securityLevel,
        hdcp,
        plan,
        persistentAllowed,
        newExpiry);
  }
}
