package org.playhead.session.api;

import java.util.List;
import org.playhead.session.Account;

/**
 * What customer care sees of an account. Termination tokens are left out: an agent ends a stream by
 * its session id, and a token is the player's to use.
 */
final class CareJson {
  private CareJson() {}

  record PlanJson(
      String name, int maxStreams, int maxDevices, String policy, long handoffGraceSeconds) {}

  record DeviceJson(String deviceId, String deviceType, long registeredAtMs) {}

  record StreamJson(
      String sessionId,
      String profileId,
      String deviceId,
      String titleId,
      long startedAtMs,
      long leaseExpiresAtMs,
      long reservedUntilMs) {}

  record EndedJson(
      String sessionId,
      String profileId,
      String deviceId,
      String titleId,
      long startedAtMs,
      long endedAtMs,
      String stopReason) {}

  record AccountJson(
      String accountId,
      PlanJson plan,
      List<DeviceJson> devices,
      List<StreamJson> activeStreams,
      List<StreamJson> reservations,
      List<EndedJson> recentSessions) {}

  static AccountJson account(Account.AccountView v) {
    return new AccountJson(
        v.accountId(),
        new PlanJson(
            v.plan().name(),
            v.plan().maxStreams(),
            v.plan().maxDevices(),
            v.plan().policy().name(),
            v.plan().handoffGrace().toSeconds()),
        v.devices().stream()
            .map(d -> new DeviceJson(d.deviceId(), d.deviceType(), d.registeredAtMs()))
            .toList(),
        v.activeStreams().stream().map(CareJson::stream).toList(),
        v.reservations().stream().map(CareJson::stream).toList(),
        v.recentSessions().stream()
            .map(
                e ->
                    new EndedJson(
                        e.sessionId(),
                        e.profileId(),
                        e.deviceId(),
                        e.titleId(),
                        e.startedAtMs(),
                        e.endedAtMs(),
                        e.reason().name()))
            .toList());
  }

  private static StreamJson stream(Account.StreamView s) {
    return new StreamJson(
        s.sessionId(),
        s.profileId(),
        s.deviceId(),
        s.titleId(),
        s.startedAtMs(),
        s.leaseExpiresAtMs(),
        s.reservedUntilMs());
  }
}
