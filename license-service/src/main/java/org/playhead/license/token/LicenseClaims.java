package org.playhead.license.token;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.playhead.license.TrackType;

/**
 * What a license token says: the session it belongs to and what it may unlock.
 *
 * @param trackTypes the track types the session is entitled to: the most any of its licenses may
 *     carry. What a device actually gets is also bounded by what its certificate proves
 * @param device the certified device this session's licenses went to, or {@code null} before its
 *     first certified license (a start's token never has one: nothing is proven at start)
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
    DeviceBinding device,
    String plan,
    boolean persistentAllowed,
    Instant expiresAt) {

  public LicenseClaims {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(titleId, "titleId");
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
        device,
        plan,
        persistentAllowed,
        newExpiry);
  }

  /** The same grant, bound to the certified device a license just went to. */
  public LicenseClaims boundTo(DeviceBinding binding) {
    return new LicenseClaims(
        sessionId,
        accountId,
        deviceId,
        titleId,
        trackTypes,
        binding,
        plan,
        persistentAllowed,
        expiresAt);
  }
}
