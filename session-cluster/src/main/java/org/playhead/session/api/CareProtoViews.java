package org.playhead.session.api;

import org.playhead.protocol.care.v1.Account;
import org.playhead.protocol.care.v1.AccountStream;
import org.playhead.protocol.care.v1.EndedStream;
import org.playhead.protocol.care.v1.EvictionPolicy;
import org.playhead.protocol.care.v1.Plan;
import org.playhead.protocol.care.v1.RegisteredDevice;
import org.playhead.protocol.care.v1.Timeline;
import org.playhead.protocol.care.v1.TimelineEntry;

/**
 * Domain views to the public {@code playhead.care.v1} messages: the same facts as {@link CareJson}
 * and {@link org.playhead.session.care.TimelineJson}, and likewise no termination tokens.
 */
final class CareProtoViews {
  private CareProtoViews() {}

  static Account account(org.playhead.session.Account.AccountView v) {
    org.playhead.session.Plan plan = v.plan();
    Account.Builder account =
        Account.newBuilder()
            .setAccountId(v.accountId())
            .setPlan(
                Plan.newBuilder()
                    .setName(plan.name())
                    .setMaxStreams(plan.maxStreams())
                    .setMaxDevices(plan.maxDevices())
                    .setPolicy(policy(plan.policy()))
                    .setHandoffGraceSeconds(plan.handoffGrace().toSeconds()));
    for (org.playhead.session.Account.Device d : v.devices()) {
      account.addDevices(
          RegisteredDevice.newBuilder()
              .setDeviceId(d.deviceId())
              .setDeviceType(d.deviceType())
              .setRegisteredAtMs(d.registeredAtMs()));
    }
    v.activeStreams().forEach(s -> account.addActiveStreams(stream(s)));
    v.reservations().forEach(s -> account.addReservations(stream(s)));
    for (org.playhead.session.Account.EndedStream e : v.recentSessions()) {
      account.addRecentSessions(
          EndedStream.newBuilder()
              .setSessionId(e.sessionId())
              .setProfileId(e.profileId())
              .setDeviceId(e.deviceId())
              .setTitleId(e.titleId())
              .setStartedAtMs(e.startedAtMs())
              .setEndedAtMs(e.endedAtMs())
              .setStopReason(ProtoViews.stopReason(e.reason())));
    }
    return account.build();
  }

  /** A stream without its termination token: care ends streams by session id. */
  private static AccountStream stream(org.playhead.session.Account.StreamView s) {
    return AccountStream.newBuilder()
        .setSessionId(s.sessionId())
        .setProfileId(s.profileId())
        .setDeviceId(s.deviceId())
        .setTitleId(s.titleId())
        .setStartedAtMs(s.startedAtMs())
        .setLeaseExpiresAtMs(s.leaseExpiresAtMs())
        .setReservedUntilMs(s.reservedUntilMs())
        .build();
  }

  static EvictionPolicy policy(org.playhead.session.EvictionPolicy policy) {
    return switch (policy) {
      case BLOCK_NEW -> EvictionPolicy.EVICTION_POLICY_BLOCK_NEW;
      case EVICT_OLDEST -> EvictionPolicy.EVICTION_POLICY_EVICT_OLDEST;
      case EVICT_NEWEST -> EvictionPolicy.EVICTION_POLICY_EVICT_NEWEST;
    };
  }

  static Timeline timeline(org.playhead.session.care.Timeline t, int maxEventsRead) {
    Timeline.Builder timeline =
        Timeline.newBuilder()
            .setSessionId(t.sessionId())
            .setAccountId(t.accountId())
            .setTruncated(t.truncated())
            .setMaxEventsRead(maxEventsRead);
    for (org.playhead.session.care.TimelineEntry e : t.entries()) {
      timeline.addEntries(
          TimelineEntry.newBuilder()
              .setAtMs(e.atMs())
              .setSource(e.source())
              .setKind(e.kind())
              .setSummary(e.summary())
              .putAllDetails(e.details())
              .setSequenceNr(e.sequenceNr()));
    }
    return timeline.build();
  }
}
