package org.playhead.session.analytics;

import java.util.Optional;
import org.playhead.license.LicenseFormat;
import org.playhead.license.ledger.LicenseLedger;
import org.playhead.protocol.events.v1.LicenseDenied;
import org.playhead.protocol.events.v1.LicenseIssued;
import org.playhead.protocol.events.v1.SessionContext;
import org.playhead.protocol.events.v1.SessionEvent;

/**
 * A session's license ledger events as the published contract: first issues and denials (renewals
 * are not tagged, so they never reach here). The ledger knows the device, not the rest of the
 * session: a consumer joins on the session id.
 */
public final class LicenseEventMapper {
  private LicenseEventMapper() {}

  public static Optional<SessionEvent> map(
      String persistenceId, String sessionId, long sequenceNr, LicenseLedger.Event event) {
    SessionEvent.Builder b =
        SessionEvent.newBuilder()
            .setEventId(persistenceId + "/" + sequenceNr + "/0")
            .setSessionId(sessionId)
            .setOccurredAtMs(event.atMs())
            .setSequence(sequenceNr);
    if (event instanceof LicenseLedger.LicenseIssued e) {
      if (e.renewal()) {
        return Optional.empty();
      }
      b.setContext(SessionContext.newBuilder().setDeviceId(e.deviceId()))
          .setLicenseIssued(
              LicenseIssued.newBuilder()
                  .setLicenseId(e.licenseId())
                  .setFormat(format(e.format()))
                  .setRenewal(false)
                  .addAllKeyIds(e.keyIds())
                  .addAllTrackTypes(e.trackTypes().stream().map(Enum::name).sorted().toList()));
    } else if (event instanceof LicenseLedger.LicenseDenied e) {
      b.setContext(SessionContext.newBuilder().setDeviceId(e.deviceId()))
          .setLicenseDenied(
              LicenseDenied.newBuilder()
                  .setFormat(format(e.format()))
                  .setRenewal(e.renewal())
                  .setReason(e.reason()));
    } else {
      throw new IllegalArgumentException("unknown ledger event " + event.getClass().getName());
    }
    return Optional.of(b.build());
  }

  static String format(LicenseFormat format) {
    return switch (format) {
      case CLEAR_KEY -> "clear-key";
      case WIDEVINE -> "widevine-style";
      case PLAYREADY -> "playready-style";
    };
  }
}
