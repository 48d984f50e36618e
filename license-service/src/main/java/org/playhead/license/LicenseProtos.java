package org.playhead.license;

import org.playhead.license.policy.LicensePolicy;
import org.playhead.protocol.license.v1.Policy;

/** Domain values to the public {@code playhead.license.v1} messages. */
final class LicenseProtos {
  private LicenseProtos() {}

  static Policy policy(LicensePolicy p) {
    Policy.Builder b =
        Policy.newBuilder()
            .setCanPlay(p.canPlay())
            .setCanPersist(p.canPersist())
            .setCanRenew(p.canRenew())
            .setLicenseDurationSeconds(p.licenseDurationSeconds())
            .setRentalDurationSeconds(p.rentalDurationSeconds())
            .setPlaybackDurationSeconds(p.playbackDurationSeconds())
            .setRenewalDelaySeconds(p.renewalDelaySeconds())
            .setRenewalRetryIntervalSeconds(p.renewalRetryIntervalSeconds())
            .setRenewalRecoveryDurationSeconds(p.renewalRecoveryDurationSeconds())
            .setPlayStartGracePeriodSeconds(p.playStartGracePeriodSeconds())
            .setSecurityLevel(p.securityLevel())
            .setPlayreadySecurityLevel(p.playReadySecurityLevel())
            .setRequiredHdcp(hdcp(p.requiredHdcp()));
    p.allowedTrackTypes().stream().sorted().forEach(t -> b.addAllowedTrackTypes(trackType(t)));
    return b.build();
  }

  static org.playhead.protocol.license.v1.TrackType trackType(TrackType t) {
    return switch (t) {
      case AUDIO -> org.playhead.protocol.license.v1.TrackType.TRACK_TYPE_AUDIO;
      case SD -> org.playhead.protocol.license.v1.TrackType.TRACK_TYPE_SD;
      case HD -> org.playhead.protocol.license.v1.TrackType.TRACK_TYPE_HD;
      case UHD -> org.playhead.protocol.license.v1.TrackType.TRACK_TYPE_UHD;
    };
  }

  static org.playhead.protocol.license.v1.Hdcp hdcp(Hdcp h) {
    return switch (h) {
      case NONE -> org.playhead.protocol.license.v1.Hdcp.HDCP_NONE;
      case V1 -> org.playhead.protocol.license.v1.Hdcp.HDCP_V1;
      case V2_0 -> org.playhead.protocol.license.v1.Hdcp.HDCP_V2_0;
      case V2_2 -> org.playhead.protocol.license.v1.Hdcp.HDCP_V2_2;
      case NO_DIGITAL_OUTPUT -> org.playhead.protocol.license.v1.Hdcp.HDCP_NO_DIGITAL_OUTPUT;
    };
  }
}
