package org.playhead.session.api;

import org.playhead.protocol.session.v1.Device;
import org.playhead.protocol.session.v1.Hdcp;
import org.playhead.protocol.session.v1.HeartbeatResponse;
import org.playhead.protocol.session.v1.Session;
import org.playhead.protocol.session.v1.SessionState;
import org.playhead.protocol.session.v1.StopReason;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.SessionPhase;
import org.playhead.session.SessionSettings;
import org.playhead.session.SessionView;

/** Domain views to the public {@code playhead.session.v1} messages. */
final class ProtoViews {
  private ProtoViews() {}

  static Session session(SessionView v) {
    var f = v.facts();
    var p = v.progress();
    return Session.newBuilder()
        .setSessionId(v.sessionId())
        .setAccountId(f.accountId())
        .setProfileId(f.profileId())
        .setDevice(
            Device.newBuilder()
                .setDeviceId(f.device().deviceId())
                .setDeviceType(f.device().deviceType())
                .setDrmSecurityLevel(f.device().securityLevel())
                .setHdcp(hdcp(f.device().hdcp())))
        .setTitleId(f.titleId())
        .setState(state(v.phase()))
        .setStopReason(
            v.stopReason() == null
                ? StopReason.STOP_REASON_UNSPECIFIED
                : stopReason(v.stopReason()))
        .setPositionMs(p.positionMs())
        .setEncodedBitrateKbps(p.bitrateKbps())
        .setBufferLengthMs(p.bufferMs())
        .setMeasuredThroughputKbps(p.throughputKbps())
        .setLastSequenceNumber(p.lastSequenceNumber())
        .setStartedAtMs(f.startedAtMs())
        .setLastHeartbeatAtMs(p.lastHeartbeatAtMs())
        .setStoppedAtMs(v.stoppedAtMs())
        .setPathway(p.pathway())
        .setLastCheckpointAtMs(p.checkpointedAtMs())
        .build();
  }

  static org.playhead.protocol.session.v1.Steering steering(SteeringStep.Steered s) {
    var b =
        org.playhead.protocol.session.v1.Steering.newBuilder()
            .setTtlSeconds((int) s.ttlSeconds())
            .setNetworkVersion(s.answer().networkVersion())
            .setClientNetwork(s.answer().clientNetwork())
            .setDashManifestUrl(s.dashManifestUrl())
            .setHlsPlaylistUrl(s.hlsPlaylistUrl())
            .setDashSteeringUrl(s.dashSteeringUrl())
            .setHlsSteeringUrl(s.hlsSteeringUrl());
    for (SteeringJson.ChoiceJson c : SteeringJson.choices(s.answer().choices(), s.titleId())) {
      b.addChoices(
          org.playhead.protocol.session.v1.SteeringChoice.newBuilder()
              .setPathway(c.pathway())
              .setUrl(c.url())
              .setTier(c.tier())
              .setReason(c.reason()));
    }
    return b.build();
  }

  static HeartbeatResponse heartbeat(Reply reply, SessionSettings settings) {
    SessionView v = reply.session();
    return HeartbeatResponse.newBuilder()
        .setSessionId(v.sessionId())
        .setState(state(v.phase()))
        .setApplied(reply.applied())
        .setLastSequenceNumber(v.progress().lastSequenceNumber())
        .setPositionMs(v.progress().positionMs())
        .setNextHeartbeatSeconds((int) settings.heartbeatInterval().toSeconds())
        .setLeaseExpiresAtMs(v.leaseExpiresAtMs())
        .setOwnerUrl(reply.ownerUrl())
        .build();
  }

  static SessionState state(SessionPhase phase) {
    return switch (phase) {
      case STARTING -> SessionState.SESSION_STATE_STARTING;
      case PLAYING -> SessionState.SESSION_STATE_PLAYING;
      case PAUSED -> SessionState.SESSION_STATE_PAUSED;
      case REBUFFERING -> SessionState.SESSION_STATE_REBUFFERING;
      case SEEKING -> SessionState.SESSION_STATE_SEEKING;
      case STOPPED -> SessionState.SESSION_STATE_STOPPED;
    };
  }

  static StopReason stopReason(org.playhead.session.StopReason reason) {
    return switch (reason) {
      case USER -> StopReason.STOP_REASON_USER;
      case ENDED -> StopReason.STOP_REASON_ENDED;
      case EXPIRED -> StopReason.STOP_REASON_EXPIRED;
      case EVICTED -> StopReason.STOP_REASON_EVICTED;
      case REVOKED -> StopReason.STOP_REASON_REVOKED;
    };
  }

  static Hdcp hdcp(org.playhead.session.Hdcp hdcp) {
    return switch (hdcp) {
      case NONE -> Hdcp.HDCP_NONE;
      case V1 -> Hdcp.HDCP_V1;
      case V2_0 -> Hdcp.HDCP_V2_0;
      case V2_2 -> Hdcp.HDCP_V2_2;
      case NO_DIGITAL_OUTPUT -> Hdcp.HDCP_NO_DIGITAL_OUTPUT;
    };
  }

  /** The request's HDCP as the name {@link StartInput} validates; unspecified means none. */
  static String hdcpName(Hdcp hdcp) {
    return switch (hdcp) {
      case HDCP_UNSPECIFIED, HDCP_NONE -> "NONE";
      case HDCP_V1 -> "V1";
      case HDCP_V2_0 -> "V2_0";
      case HDCP_V2_2 -> "V2_2";
      case HDCP_NO_DIGITAL_OUTPUT -> "NO_DIGITAL_OUTPUT";
      case UNRECOGNIZED -> "UNRECOGNIZED";
    };
  }
}
