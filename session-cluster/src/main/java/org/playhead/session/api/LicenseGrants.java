package org.playhead.session.api;

import java.util.List;
import org.playhead.license.LicenseGrant;
import org.playhead.license.Licensing;
import org.playhead.protocol.session.v1.StartPlaybackResponse;
import org.playhead.session.SessionFacts;
import org.playhead.session.SessionView;

/**
 * The licensing part of a StartPlayback answer, produced after the session started: a short-lived
 * license token bound to the session, its device's allowed track types and the plan's offline
 * rights, and where to use it. Kept apart from the rest of the answer on purpose.
 */
public final class LicenseGrants {
  private final Licensing licensing;

  public LicenseGrants(Licensing licensing) {
    this.licensing = licensing;
  }

  /**
   * The grant never depends on the security level and HDCP the start declared: a device proves
   * those with its certificate chain when it asks for a license.
   *
   * @param plan the account's plan when it admitted the stream
   */
  public LicenseGrant forSession(SessionView session, String plan) {
    SessionFacts f = session.facts();
    return licensing.grant(
        session.sessionId(), f.accountId(), f.device().deviceId(), f.titleId(), plan);
  }

  /** The {@code license} object of the HTTP answer. */
  public record LicenseJson(
      String token,
      String clearKeyUrl,
      String licenseUrl,
      String expiresAt,
      long expiresAtMs,
      List<String> trackTypes) {}

  static LicenseJson json(LicenseGrant g) {
    return new LicenseJson(
        g.token(),
        g.clearKeyUrl(),
        g.licenseUrl(),
        g.expiresAt().toString(),
        g.expiresAt().toEpochMilli(),
        g.trackTypes().stream().sorted().map(Enum::name).toList());
  }

  /** Fields 10-19 of StartPlaybackResponse. */
  static StartPlaybackResponse.Builder addTo(
      StartPlaybackResponse.Builder response, LicenseGrant g) {
    return response.setLicense(
        org.playhead.protocol.session.v1.LicenseGrant.newBuilder()
            .setToken(g.token())
            .setClearKeyUrl(g.clearKeyUrl())
            .setLicenseUrl(g.licenseUrl())
            .setExpiresAtMs(g.expiresAt().toEpochMilli())
            .addAllTrackTypes(g.trackTypes().stream().sorted().map(Enum::name).toList()));
  }
}
