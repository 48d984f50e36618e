package org.playhead.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.SessionSettings;
import org.playhead.session.SessionView;

/**
 * The HTTP JSON shapes. They mirror the {@code playhead.session.v1} protobuf messages field for
 * field (lowerCamelCase, times in epoch ms), with enums as short upper-case names.
 */
final class JsonViews {
  private JsonViews() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SessionJson(
      String sessionId,
      String accountId,
      String profileId,
      DeviceJson device,
      String titleId,
      String state,
      String stopReason,
      long positionMs,
      long encodedBitrateKbps,
      long bufferLengthMs,
      long measuredThroughputKbps,
      long lastSequenceNumber,
      long startedAtMs,
      long lastHeartbeatAtMs,
      long stoppedAtMs,
      String pathway,
      long lastCheckpointAtMs,
      long leaseExpiresAtMs,
      SteeringJson.DecisionJson steering) {}

  record DeviceJson(String deviceId, String deviceType, int drmSecurityLevel, String hdcp) {}

  record StartPlaybackJson(
      SessionJson session,
      long resumePositionMs,
      long heartbeatIntervalSeconds,
      long leaseTtlSeconds,
      java.util.List<String> evictedSessionIds,
      LicenseGrants.LicenseJson license,
      @JsonInclude(JsonInclude.Include.NON_NULL) SteeringJson.StartJson steering,
      @JsonInclude(JsonInclude.Include.NON_NULL) CmcdJson cmcd) {

    /** This answer with the start's steering step (kept apart from the start itself). */
    StartPlaybackJson withSteering(SteeringJson.StartJson decided) {
      return new StartPlaybackJson(
          session,
          resumePositionMs,
          heartbeatIntervalSeconds,
          leaseTtlSeconds,
          evictedSessionIds,
          license,
          decided,
          cmcd);
    }

    /** This answer with where the player reports. */
    StartPlaybackJson withCmcd(CmcdJson reporting) {
      return new StartPlaybackJson(
          session,
          resumePositionMs,
          heartbeatIntervalSeconds,
          leaseTtlSeconds,
          evictedSessionIds,
          license,
          steering,
          reporting);
    }
  }

  /**
   * Where and how the player posts its CMCD v2 event reports (mirrors the protobuf CmcdReporting).
   */
  record CmcdJson(
      String reportUrl,
      long reportUrlExpiresAtMs,
      String sessionId,
      String contentId,
      long intervalSeconds) {}

  /** What became of one line of a CMCD body. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record ReportLineJson(int line, String outcome, java.util.List<Problem.FieldError> errors) {}

  /** The answer to a CMCD body: the session after it, and each line's outcome in body order. */
  record HeartbeatBatchJson(
      String sessionId,
      String state,
      boolean applied,
      long lastSequenceNumber,
      long positionMs,
      long nextHeartbeatSeconds,
      long leaseExpiresAtMs,
      java.util.List<ReportLineJson> reports) {}

  record HeartbeatJson(
      String sessionId,
      String state,
      boolean applied,
      long lastSequenceNumber,
      long positionMs,
      long nextHeartbeatSeconds,
      long leaseExpiresAtMs) {}

  static SessionJson session(SessionView v) {
    var f = v.facts();
    var p = v.progress();
    return new SessionJson(
        v.sessionId(),
        f.accountId(),
        f.profileId(),
        new DeviceJson(
            f.device().deviceId(),
            f.device().deviceType(),
            f.device().securityLevel(),
            f.device().hdcp().name()),
        f.titleId(),
        v.phase().name(),
        v.stopReason() == null ? null : v.stopReason().name(),
        p.positionMs(),
        p.bitrateKbps(),
        p.bufferMs(),
        p.throughputKbps(),
        p.lastSequenceNumber(),
        f.startedAtMs(),
        p.lastHeartbeatAtMs(),
        v.stoppedAtMs(),
        p.pathway(),
        p.checkpointedAtMs(),
        v.leaseExpiresAtMs(),
        SteeringJson.decision(v.steering(), f.titleId()));
  }

  static StartPlaybackJson started(
      SessionView v,
      SessionSettings settings,
      java.util.List<String> evicted,
      org.playhead.license.LicenseGrant license) {
    return new StartPlaybackJson(
        session(v),
        v.progress().positionMs(),
        settings.heartbeatInterval().toSeconds(),
        settings.leaseTtl().toSeconds(),
        evicted,
        LicenseGrants.json(license),
        null,
        null);
  }

  static HeartbeatBatchJson batch(
      Reply reply, SessionSettings settings, java.util.List<ReportLineJson> lines) {
    SessionView v = reply.session();
    return new HeartbeatBatchJson(
        v.sessionId(),
        v.phase().name(),
        reply.applied(),
        v.progress().lastSequenceNumber(),
        v.progress().positionMs(),
        settings.heartbeatInterval().toSeconds(),
        v.leaseExpiresAtMs(),
        lines);
  }

  static HeartbeatJson heartbeat(Reply reply, SessionSettings settings) {
    SessionView v = reply.session();
    return new HeartbeatJson(
        v.sessionId(),
        v.phase().name(),
        reply.applied(),
        v.progress().lastSequenceNumber(),
        v.progress().positionMs(),
        settings.heartbeatInterval().toSeconds(),
        v.leaseExpiresAtMs());
  }
}
