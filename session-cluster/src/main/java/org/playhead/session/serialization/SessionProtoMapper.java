package org.playhead.session.serialization;

import org.playhead.session.DeviceInfo;
import org.playhead.session.Hdcp;
import org.playhead.session.PlaybackSession;
import org.playhead.session.PlaybackSession.Live;
import org.playhead.session.PlaybackSession.NotStarted;
import org.playhead.session.PlaybackSession.Stopped;
import org.playhead.session.Progress;
import org.playhead.session.SessionFacts;
import org.playhead.session.SessionPhase;
import org.playhead.session.SteeringRecord;
import org.playhead.session.StopReason;
import org.playhead.session.serialization.proto.DeviceData;
import org.playhead.session.serialization.proto.HdcpData;
import org.playhead.session.serialization.proto.PhaseData;
import org.playhead.session.serialization.proto.ProgressData;
import org.playhead.session.serialization.proto.SessionFactsData;
import org.playhead.session.serialization.proto.SessionSnapshotData;
import org.playhead.session.serialization.proto.SteeringChoiceData;
import org.playhead.session.serialization.proto.SteeringDecisionData;
import org.playhead.session.serialization.proto.StopReasonData;
import org.playhead.steering.SteeringAnswer;

/**
 * Domain records to and from their persisted protobuf form. Enums map by explicit cases, never by
 * ordinal, so reordering a Java enum cannot change stored meaning.
 */
final class SessionProtoMapper {
  // Shared with AccountEventSerializer: the stop reason enum is one persisted type.

  private SessionProtoMapper() {}

  static SessionFactsData toData(SessionFacts f) {
    return SessionFactsData.newBuilder()
        .setAccountId(f.accountId())
        .setProfileId(f.profileId())
        .setDevice(
            DeviceData.newBuilder()
                .setDeviceId(f.device().deviceId())
                .setDeviceType(f.device().deviceType())
                .setSecurityLevel(f.device().securityLevel())
                .setHdcp(toData(f.device().hdcp())))
        .setTitleId(f.titleId())
        .setStartedAtMs(f.startedAtMs())
        .build();
  }

  static SessionFacts fromData(SessionFactsData d) {
    DeviceData dev = d.getDevice();
    return new SessionFacts(
        d.getAccountId(),
        d.getProfileId(),
        new DeviceInfo(
            dev.getDeviceId(),
            dev.getDeviceType(),
            dev.getSecurityLevel(),
            fromData(dev.getHdcp())),
        d.getTitleId(),
        d.getStartedAtMs());
  }

  static ProgressData toData(Progress p) {
    return ProgressData.newBuilder()
        .setPositionMs(p.positionMs())
        .setBitrateKbps(p.bitrateKbps())
        .setBufferMs(p.bufferMs())
        .setThroughputKbps(p.throughputKbps())
        .setLastSequenceNumber(p.lastSequenceNumber())
        .setLastHeartbeatAtMs(p.lastHeartbeatAtMs())
        .setPathway(p.pathway())
        .setCheckpointedAtMs(p.checkpointedAtMs())
        .build();
  }

  static Progress fromData(ProgressData d) {
    return new Progress(
        d.getPositionMs(),
        d.getBitrateKbps(),
        d.getBufferMs(),
        d.getThroughputKbps(),
        d.getLastSequenceNumber(),
        d.getLastHeartbeatAtMs(),
        d.getPathway().intern(),
        d.getCheckpointedAtMs());
  }

  static SteeringDecisionData toData(SteeringRecord r) {
    SteeringDecisionData.Builder b =
        SteeringDecisionData.newBuilder()
            .setAtMs(r.atMs())
            .setTrigger(r.trigger())
            .setNetworkVersion(r.networkVersion())
            .setClientNetwork(r.clientNetwork());
    for (SteeringAnswer.Choice c : r.choices()) {
      b.addChoices(
          SteeringChoiceData.newBuilder()
              .setPathway(c.pathway())
              .setBaseUrl(c.baseUrl())
              .setTier(c.tier())
              .setReason(c.reason()));
    }
    return b.build();
  }

  static SteeringRecord fromData(SteeringDecisionData d) {
    return new SteeringRecord(
        d.getAtMs(),
        d.getTrigger(),
        d.getNetworkVersion(),
        d.getClientNetwork(),
        d.getChoicesList().stream()
            .map(
                c ->
                    new SteeringAnswer.Choice(
                        c.getPathway(), c.getBaseUrl(), c.getTier(), c.getReason()))
            .toList());
  }

  static SessionSnapshotData toSnapshot(PlaybackSession.State state) {
    if (state instanceof Live live) {
      SessionSnapshotData.Builder b =
          SessionSnapshotData.newBuilder()
              .setPhase(toData(live.phase()))
              .setFacts(toData(live.facts()))
              .setProgress(toData(live.progress()));
      if (!live.steering().isNone()) {
        b.setSteering(toData(live.steering()));
      }
      return b.build();
    } else if (state instanceof Stopped s) {
      SessionSnapshotData.Builder b =
          SessionSnapshotData.newBuilder()
              .setPhase(PhaseData.PHASE_STOPPED)
              .setFacts(toData(s.facts()))
              .setProgress(toData(s.progress()))
              .setStopReason(toData(s.reason()))
              .setStoppedAtMs(s.stoppedAtMs());
      if (!s.steering().isNone()) {
        b.setSteering(toData(s.steering()));
      }
      return b.build();
    }
    return SessionSnapshotData.newBuilder().setPhase(PhaseData.PHASE_UNSPECIFIED).build();
  }

  static PlaybackSession.State fromSnapshot(SessionSnapshotData d) {
    if (d.getPhase() == PhaseData.PHASE_UNSPECIFIED) {
      return new NotStarted();
    }
    SessionFacts facts = fromData(d.getFacts());
    Progress progress = fromData(d.getProgress());
    SessionPhase phase = fromData(d.getPhase());
    SteeringRecord steering = d.hasSteering() ? fromData(d.getSteering()) : SteeringRecord.NONE;
    if (phase == SessionPhase.STOPPED) {
      return new Stopped(
          facts, progress, fromData(d.getStopReason()), d.getStoppedAtMs(), steering);
    }
    return Live.of(phase, facts, progress, steering);
  }

  static PhaseData toData(SessionPhase phase) {
    return switch (phase) {
      case STARTING -> PhaseData.PHASE_STARTING;
      case PLAYING -> PhaseData.PHASE_PLAYING;
      case PAUSED -> PhaseData.PHASE_PAUSED;
      case REBUFFERING -> PhaseData.PHASE_REBUFFERING;
      case SEEKING -> PhaseData.PHASE_SEEKING;
      case STOPPED -> PhaseData.PHASE_STOPPED;
    };
  }

  static SessionPhase fromData(PhaseData phase) {
    return switch (phase) {
      case PHASE_STARTING -> SessionPhase.STARTING;
      case PHASE_PLAYING -> SessionPhase.PLAYING;
      case PHASE_PAUSED -> SessionPhase.PAUSED;
      case PHASE_REBUFFERING -> SessionPhase.REBUFFERING;
      case PHASE_SEEKING -> SessionPhase.SEEKING;
      case PHASE_STOPPED -> SessionPhase.STOPPED;
      case PHASE_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException("Unknown persisted phase " + phase);
    };
  }

  static StopReasonData toData(StopReason reason) {
    return switch (reason) {
      case USER -> StopReasonData.STOP_REASON_USER;
      case ENDED -> StopReasonData.STOP_REASON_ENDED;
      case EXPIRED -> StopReasonData.STOP_REASON_EXPIRED;
      case EVICTED -> StopReasonData.STOP_REASON_EVICTED;
      case REVOKED -> StopReasonData.STOP_REASON_REVOKED;
    };
  }

  static StopReason fromData(StopReasonData reason) {
    return switch (reason) {
      case STOP_REASON_USER -> StopReason.USER;
      case STOP_REASON_ENDED -> StopReason.ENDED;
      case STOP_REASON_EXPIRED -> StopReason.EXPIRED;
      case STOP_REASON_EVICTED -> StopReason.EVICTED;
      case STOP_REASON_REVOKED -> StopReason.REVOKED;
      case STOP_REASON_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException("Unknown persisted stop reason " + reason);
    };
  }

  static HdcpData toData(Hdcp hdcp) {
    return switch (hdcp) {
      case NONE -> HdcpData.HDCP_NONE;
      case V1 -> HdcpData.HDCP_V1;
      case V2_0 -> HdcpData.HDCP_V2_0;
      case V2_2 -> HdcpData.HDCP_V2_2;
      case NO_DIGITAL_OUTPUT -> HdcpData.HDCP_NO_DIGITAL_OUTPUT;
    };
  }

  static Hdcp fromData(HdcpData hdcp) {
    return switch (hdcp) {
      case HDCP_V1 -> Hdcp.V1;
      case HDCP_V2_0 -> Hdcp.V2_0;
      case HDCP_V2_2 -> Hdcp.V2_2;
      case HDCP_NO_DIGITAL_OUTPUT -> Hdcp.NO_DIGITAL_OUTPUT;
      // Unknown values from a newer writer read as the most restrictive meaning.
      case HDCP_NONE, HDCP_UNSPECIFIED, UNRECOGNIZED -> Hdcp.NONE;
    };
  }
}
