package org.playhead.session.serialization;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.playhead.session.Account;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.PlaybackSession;
import org.playhead.session.ProfileBookmarks;
import org.playhead.session.SessionView;
import org.playhead.session.SteeringRecord;
import org.playhead.session.heartbeat.PlayerState;
import org.playhead.session.serialization.proto.AdmitMessage;
import org.playhead.session.serialization.proto.AdmitOutcomeCode;
import org.playhead.session.serialization.proto.AdmitReplyMessage;
import org.playhead.session.serialization.proto.BatchReplyMessage;
import org.playhead.session.serialization.proto.CacheMarkMessage;
import org.playhead.session.serialization.proto.CacheReportMessage;
import org.playhead.session.serialization.proto.CallerMessage;
import org.playhead.session.serialization.proto.FailureCountMessage;
import org.playhead.session.serialization.proto.GetMessage;
import org.playhead.session.serialization.proto.GetResumeMessage;
import org.playhead.session.serialization.proto.HeartbeatBatchMessage;
import org.playhead.session.serialization.proto.HeartbeatMessage;
import org.playhead.session.serialization.proto.HeartbeatReportMessage;
import org.playhead.session.serialization.proto.NetworkVersionMessage;
import org.playhead.session.serialization.proto.OutcomeCode;
import org.playhead.session.serialization.proto.PlayerStateCode;
import org.playhead.session.serialization.proto.RecordPositionMessage;
import org.playhead.session.serialization.proto.ReleaseMessage;
import org.playhead.session.serialization.proto.RenewLeaseMessage;
import org.playhead.session.serialization.proto.ReportOutcomeCode;
import org.playhead.session.serialization.proto.ResumePositionMessage;
import org.playhead.session.serialization.proto.RevokeMessage;
import org.playhead.session.serialization.proto.SessionReplyMessage;
import org.playhead.session.serialization.proto.SessionViewMessage;
import org.playhead.session.serialization.proto.StartMessage;
import org.playhead.session.serialization.proto.SteerMessage;
import org.playhead.session.serialization.proto.SteerReplyMessage;
import org.playhead.session.serialization.proto.SteeringAnswerMessage;
import org.playhead.session.serialization.proto.SteeringChoiceData;
import org.playhead.session.serialization.proto.StopMessage;
import org.playhead.session.serialization.proto.StopNoticeMessage;
import org.playhead.session.serialization.proto.StopReasonData;
import org.playhead.session.serialization.proto.StreamRequestMessage;
import org.playhead.session.serialization.proto.StreamViewMessage;
import org.playhead.session.steering.FailureCount;
import org.playhead.session.steering.NetworkVersion;
import org.playhead.steering.CacheMark;
import org.playhead.steering.CacheReport;
import org.playhead.steering.SteeringAnswer;

/**
 * The messages that cross nodes on the hot paths, as protobuf mapped by hand: a heartbeat (or a
 * batch of them) and its reply, the other session commands, the account's admission, slot renewals
 * and releases, bookmark positions, and the steering facts Distributed Data replicates. Jackson
 * CBOR (the {@code ClusterSerializable} fallback) reflects over every record on every message; this
 * writes the fields it knows and nothing else.
 *
 * <p>Only the classes bound in {@code serialization.conf} come here; any other {@code
 * ClusterSerializable} message keeps the CBOR fallback. Actor references go through {@link
 * ActorRefResolver}. Manifests are short (they travel with every message) and never reused for
 * another shape.
 */
public final class ClusterMessageSerializer extends ProtobufEventSerializer {

  /** Never change it while nodes of two versions may talk (4201-4204 are the event serializers). */
  public static final int IDENTIFIER = 4221;

  static final String START = "S";
  static final String HEARTBEAT = "H";
  static final String HEARTBEAT_BATCH = "HB";
  static final String STOP = "X";
  static final String GET = "G";
  static final String STEER = "D";
  static final String REVOKE = "V";
  static final String WARM_UP = "W";
  static final String REPLY = "R";
  static final String BATCH_REPLY = "RB";
  static final String STEER_REPLY = "DR";
  static final String STOP_NOTICE = "N";
  static final String ADMIT = "A";
  static final String ADMIT_REPLY = "AR";
  static final String RENEW = "L";
  static final String RELEASE = "F";
  static final String RECORD_POSITION = "BP";
  static final String GET_RESUME = "BG";
  static final String RESUME_POSITION = "BR";
  static final String CACHE_REPORT = "CR";
  static final String CACHE_MARK = "CM";
  static final String FAILURE_COUNT = "CF";
  static final String NETWORK_VERSION = "CV";

  private static final byte[] NOTHING = new byte[0];

  private final ExtendedActorSystem system;

  /** Resolved on first use: the extension cannot be created while the system builds serializers. */
  private volatile ActorRefResolver resolver;

  public ClusterMessageSerializer(ExtendedActorSystem system) {
    super(IDENTIFIER);
    this.system = system;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof PlaybackSession.Heartbeat) {
      return HEARTBEAT;
    } else if (o instanceof PlaybackSession.Reply) {
      return REPLY;
    } else if (o instanceof PlaybackSession.HeartbeatBatch) {
      return HEARTBEAT_BATCH;
    } else if (o instanceof PlaybackSession.BatchReply) {
      return BATCH_REPLY;
    } else if (o instanceof Account.RenewLease) {
      return RENEW;
    } else if (o instanceof PlaybackSession.Start) {
      return START;
    } else if (o instanceof PlaybackSession.Stop) {
      return STOP;
    } else if (o instanceof PlaybackSession.Get) {
      return GET;
    } else if (o instanceof PlaybackSession.Steer) {
      return STEER;
    } else if (o instanceof PlaybackSession.Revoke) {
      return REVOKE;
    } else if (o == PlaybackSession.warmUp()) {
      return WARM_UP;
    } else if (o instanceof PlaybackSession.SteerReply) {
      return STEER_REPLY;
    } else if (o instanceof PlaybackSession.StopNotice) {
      return STOP_NOTICE;
    } else if (o instanceof Account.Admit) {
      return ADMIT;
    } else if (o instanceof Account.AdmitReply) {
      return ADMIT_REPLY;
    } else if (o instanceof Account.Release) {
      return RELEASE;
    } else if (o instanceof ProfileBookmarks.RecordPosition) {
      return RECORD_POSITION;
    } else if (o instanceof ProfileBookmarks.GetResume) {
      return GET_RESUME;
    } else if (o instanceof ProfileBookmarks.ResumePosition) {
      return RESUME_POSITION;
    } else if (o instanceof CacheReport) {
      return CACHE_REPORT;
    } else if (o instanceof CacheMark) {
      return CACHE_MARK;
    } else if (o instanceof FailureCount) {
      return FAILURE_COUNT;
    } else if (o instanceof NetworkVersion) {
      return NETWORK_VERSION;
    }
    throw cannotSerialize(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    // The warm-up carries nothing but its manifest.
    return o == PlaybackSession.warmUp() ? NOTHING : toMessage(o).toByteArray();
  }

  private MessageLite toMessage(Object o) {
    if (o instanceof PlaybackSession.Heartbeat h) {
      HeartbeatMessage.Builder b =
          HeartbeatMessage.newBuilder()
              .setReport(toMessage(h.report()))
              .setReplyTo(ref(h.replyTo()));
      if (h.caller() != null) {
        b.setCaller(toMessage(h.caller()));
      }
      if (h.pushTo() != null) {
        b.setPushTo(ref(h.pushTo()));
      }
      return b.build();
    } else if (o instanceof PlaybackSession.Reply r) {
      return toMessage(r);
    } else if (o instanceof PlaybackSession.HeartbeatBatch h) {
      HeartbeatBatchMessage.Builder b =
          HeartbeatBatchMessage.newBuilder().setReplyTo(ref(h.replyTo()));
      for (HeartbeatReport report : h.reports()) {
        b.addReports(toMessage(report));
      }
      if (h.caller() != null) {
        b.setCaller(toMessage(h.caller()));
      }
      return b.build();
    } else if (o instanceof PlaybackSession.BatchReply r) {
      BatchReplyMessage.Builder b = BatchReplyMessage.newBuilder().setReply(toMessage(r.reply()));
      for (PlaybackSession.ReportOutcome line : r.lines()) {
        b.addLines(toCode(line));
      }
      return b.build();
    } else if (o instanceof Account.RenewLease r) {
      return RenewLeaseMessage.newBuilder().setSessionId(r.sessionId()).build();
    } else if (o instanceof PlaybackSession.Start s) {
      return StartMessage.newBuilder()
          .setFacts(SessionProtoMapper.toData(s.facts()))
          .setResumePositionMs(s.resumePositionMs())
          .setReplyTo(ref(s.replyTo()))
          .build();
    } else if (o instanceof PlaybackSession.Stop s) {
      StopMessage.Builder b =
          StopMessage.newBuilder()
              .setReason(SessionProtoMapper.toData(s.reason()))
              .setFinalPositionMs(s.finalPositionMs())
              .setReplyTo(ref(s.replyTo()));
      if (s.caller() != null) {
        b.setCaller(toMessage(s.caller()));
      }
      return b.build();
    } else if (o instanceof PlaybackSession.Get g) {
      GetMessage.Builder b = GetMessage.newBuilder().setReplyTo(ref(g.replyTo()));
      if (g.caller() != null) {
        b.setCaller(toMessage(g.caller()));
      }
      return b.build();
    } else if (o instanceof PlaybackSession.Steer s) {
      SteerMessage.Builder b =
          SteerMessage.newBuilder()
              .setClientAddress(s.clientAddress())
              .setTrigger(s.trigger())
              .setReplyTo(ref(s.replyTo()));
      if (s.caller() != null) {
        b.setCaller(toMessage(s.caller()));
      }
      return b.build();
    } else if (o instanceof PlaybackSession.Revoke r) {
      return RevokeMessage.newBuilder()
          .setReason(SessionProtoMapper.toData(r.reason()))
          .setDetail(r.detail())
          .build();
    } else if (o instanceof PlaybackSession.SteerReply r) {
      SteerReplyMessage.Builder b =
          SteerReplyMessage.newBuilder()
              .setOutcome(toCode(r.outcome()))
              .addAllManifestPathways(r.manifestPathways())
              .setDetail(r.detail());
      if (r.session() != null) {
        b.setSession(toMessage(r.session()));
      }
      if (r.answer() != null) {
        b.setAnswer(toMessage(r.answer()));
      }
      return b.build();
    } else if (o instanceof PlaybackSession.StopNotice n) {
      return StopNoticeMessage.newBuilder()
          .setSessionId(n.sessionId())
          .setReason(SessionProtoMapper.toData(n.reason()))
          .setDetail(n.detail())
          .build();
    } else if (o instanceof Account.Admit a) {
      Account.StreamRequest q = a.request();
      return AdmitMessage.newBuilder()
          .setRequest(
              StreamRequestMessage.newBuilder()
                  .setSessionId(q.sessionId())
                  .setProfileId(q.profileId())
                  .setDeviceId(q.deviceId())
                  .setDeviceType(q.deviceType())
                  .setTitleId(q.titleId()))
          .addAllTerminationTokens(a.terminationTokens())
          .setTokenIssuedAtMs(a.tokenIssuedAtMs())
          .setReplyTo(ref(a.replyTo()))
          .build();
    } else if (o instanceof Account.AdmitReply r) {
      AdmitReplyMessage.Builder b =
          AdmitReplyMessage.newBuilder()
              .setOutcome(toCode(r.outcome()))
              .setDetail(r.detail())
              .addAllEvicted(r.evicted())
              .setPlan(r.plan());
      r.conflicts().forEach(c -> b.addConflicts(toMessage(c)));
      return b.build();
    } else if (o instanceof Account.Release r) {
      return ReleaseMessage.newBuilder()
          .setSessionId(r.sessionId())
          .setReason(SessionProtoMapper.toData(r.reason()))
          .setAtMs(r.atMs())
          .build();
    } else if (o instanceof ProfileBookmarks.RecordPosition p) {
      return RecordPositionMessage.newBuilder()
          .setTitleId(p.titleId())
          .setPositionMs(p.positionMs())
          .setObservedAtMs(p.observedAtMs())
          .setSessionId(p.sessionId())
          .setDeviceId(p.deviceId())
          .setFinished(p.finished())
          .build();
    } else if (o instanceof ProfileBookmarks.GetResume g) {
      return GetResumeMessage.newBuilder()
          .setTitleId(orEmpty(g.titleId()))
          .setReplyTo(ref(g.replyTo()))
          .build();
    } else if (o instanceof ProfileBookmarks.ResumePosition r) {
      return ResumePositionMessage.newBuilder()
          .setTitleId(orEmpty(r.titleId()))
          .setPositionMs(r.positionMs())
          .build();
    } else if (o instanceof CacheReport r) {
      return CacheReportMessage.newBuilder()
          .setCacheId(r.cacheId())
          .setHealthy(r.healthy())
          .setLoadPercent(r.loadPercent())
          .addAllTitles(r.titles())
          .setFullCatalog(r.fullCatalog())
          .setReportedAtMs(r.reportedAtMs())
          .build();
    } else if (o instanceof CacheMark m) {
      return CacheMarkMessage.newBuilder()
          .setCacheId(m.cacheId())
          .setDown(m.down())
          .setWhy(m.why())
          .setBy(m.by())
          .setAtMs(m.atMs())
          .build();
    } else if (o instanceof FailureCount f) {
      return FailureCountMessage.newBuilder()
          .setCacheId(f.cacheId())
          .setCount(f.count())
          .setSessions(f.sessions())
          .addAllNetworks(f.networks())
          .setWindowStartMs(f.windowStartMs())
          .build();
    } else if (o instanceof NetworkVersion v) {
      return NetworkVersionMessage.newBuilder()
          .setVersion(v.version())
          .setLoadedAtMs(v.loadedAtMs())
          .setLoadedBy(v.loadedBy())
          .build();
    }
    throw cannotSerialize(o);
  }

  @Override
  Object decode(byte[] bytes, String manifest)
      throws InvalidProtocolBufferException, NotSerializableException {
    return switch (manifest) {
      case HEARTBEAT -> {
        HeartbeatMessage m = HeartbeatMessage.parseFrom(bytes);
        yield new PlaybackSession.Heartbeat(
            fromMessage(m.getReport()),
            m.hasCaller() ? fromMessage(m.getCaller()) : null,
            m.getPushTo().isEmpty() ? null : resolve(m.getPushTo()),
            resolve(m.getReplyTo()));
      }
      case REPLY -> fromMessage(SessionReplyMessage.parseFrom(bytes));
      case HEARTBEAT_BATCH -> {
        HeartbeatBatchMessage m = HeartbeatBatchMessage.parseFrom(bytes);
        List<HeartbeatReport> reports = new ArrayList<>(m.getReportsCount());
        for (HeartbeatReportMessage r : m.getReportsList()) {
          reports.add(fromMessage(r));
        }
        yield new PlaybackSession.HeartbeatBatch(
            List.copyOf(reports),
            m.hasCaller() ? fromMessage(m.getCaller()) : null,
            resolve(m.getReplyTo()));
      }
      case BATCH_REPLY -> {
        BatchReplyMessage m = BatchReplyMessage.parseFrom(bytes);
        List<PlaybackSession.ReportOutcome> lines = new ArrayList<>(m.getLinesCount());
        for (ReportOutcomeCode code : m.getLinesList()) {
          lines.add(fromCode(code));
        }
        yield new PlaybackSession.BatchReply(fromMessage(m.getReply()), List.copyOf(lines));
      }
      case RENEW -> new Account.RenewLease(RenewLeaseMessage.parseFrom(bytes).getSessionId());
      case START -> {
        StartMessage m = StartMessage.parseFrom(bytes);
        yield new PlaybackSession.Start(
            SessionProtoMapper.fromData(m.getFacts()),
            m.getResumePositionMs(),
            resolve(m.getReplyTo()));
      }
      case STOP -> {
        StopMessage m = StopMessage.parseFrom(bytes);
        yield new PlaybackSession.Stop(
            SessionProtoMapper.fromData(m.getReason()),
            m.getFinalPositionMs(),
            m.hasCaller() ? fromMessage(m.getCaller()) : null,
            resolve(m.getReplyTo()));
      }
      case GET -> {
        GetMessage m = GetMessage.parseFrom(bytes);
        yield new PlaybackSession.Get(
            m.hasCaller() ? fromMessage(m.getCaller()) : null, resolve(m.getReplyTo()));
      }
      case STEER -> {
        SteerMessage m = SteerMessage.parseFrom(bytes);
        yield new PlaybackSession.Steer(
            m.getClientAddress(),
            m.getTrigger(),
            m.hasCaller() ? fromMessage(m.getCaller()) : null,
            resolve(m.getReplyTo()));
      }
      case REVOKE -> {
        RevokeMessage m = RevokeMessage.parseFrom(bytes);
        yield new PlaybackSession.Revoke(SessionProtoMapper.fromData(m.getReason()), m.getDetail());
      }
      case WARM_UP -> PlaybackSession.warmUp();
      case STEER_REPLY -> {
        SteerReplyMessage m = SteerReplyMessage.parseFrom(bytes);
        yield new PlaybackSession.SteerReply(
            fromCode(m.getOutcome()),
            m.hasSession() ? fromMessage(m.getSession()) : null,
            m.hasAnswer() ? fromMessage(m.getAnswer()) : null,
            List.copyOf(m.getManifestPathwaysList()),
            m.getDetail());
      }
      case STOP_NOTICE -> {
        StopNoticeMessage m = StopNoticeMessage.parseFrom(bytes);
        yield new PlaybackSession.StopNotice(
            m.getSessionId(), SessionProtoMapper.fromData(m.getReason()), m.getDetail());
      }
      case ADMIT -> {
        AdmitMessage m = AdmitMessage.parseFrom(bytes);
        StreamRequestMessage q = m.getRequest();
        yield new Account.Admit(
            new Account.StreamRequest(
                q.getSessionId(),
                q.getProfileId(),
                q.getDeviceId(),
                q.getDeviceType(),
                q.getTitleId()),
            List.copyOf(m.getTerminationTokensList()),
            m.getTokenIssuedAtMs(),
            resolve(m.getReplyTo()));
      }
      case ADMIT_REPLY -> {
        AdmitReplyMessage m = AdmitReplyMessage.parseFrom(bytes);
        List<Account.StreamView> conflicts = new ArrayList<>(m.getConflictsCount());
        m.getConflictsList().forEach(c -> conflicts.add(fromMessage(c)));
        yield new Account.AdmitReply(
            fromCode(m.getOutcome()),
            m.getDetail(),
            List.copyOf(conflicts),
            List.copyOf(m.getEvictedList()),
            m.getPlan());
      }
      case RELEASE -> {
        ReleaseMessage m = ReleaseMessage.parseFrom(bytes);
        yield new Account.Release(
            m.getSessionId(), SessionProtoMapper.fromData(m.getReason()), m.getAtMs());
      }
      case RECORD_POSITION -> {
        RecordPositionMessage m = RecordPositionMessage.parseFrom(bytes);
        yield new ProfileBookmarks.RecordPosition(
            m.getTitleId(),
            m.getPositionMs(),
            m.getObservedAtMs(),
            m.getSessionId(),
            m.getDeviceId(),
            m.getFinished());
      }
      case GET_RESUME -> {
        GetResumeMessage m = GetResumeMessage.parseFrom(bytes);
        yield new ProfileBookmarks.GetResume(orNull(m.getTitleId()), resolve(m.getReplyTo()));
      }
      case RESUME_POSITION -> {
        ResumePositionMessage m = ResumePositionMessage.parseFrom(bytes);
        yield new ProfileBookmarks.ResumePosition(orNull(m.getTitleId()), m.getPositionMs());
      }
      case CACHE_REPORT -> {
        CacheReportMessage m = CacheReportMessage.parseFrom(bytes);
        yield new CacheReport(
            m.getCacheId(),
            m.getHealthy(),
            m.getLoadPercent(),
            m.getTitlesList(),
            m.getFullCatalog(),
            m.getReportedAtMs());
      }
      case CACHE_MARK -> {
        CacheMarkMessage m = CacheMarkMessage.parseFrom(bytes);
        yield new CacheMark(m.getCacheId(), m.getDown(), m.getWhy(), m.getBy(), m.getAtMs());
      }
      case FAILURE_COUNT -> {
        FailureCountMessage m = FailureCountMessage.parseFrom(bytes);
        yield new FailureCount(
            m.getCacheId(),
            m.getCount(),
            m.getSessions(),
            List.copyOf(m.getNetworksList()),
            m.getWindowStartMs());
      }
      case NETWORK_VERSION -> {
        NetworkVersionMessage m = NetworkVersionMessage.parseFrom(bytes);
        yield new NetworkVersion(m.getVersion(), m.getLoadedAtMs(), m.getLoadedBy());
      }
      default -> throw unknown(manifest);
    };
  }

  // --- actor references ------------------------------------------------------------------------

  private String ref(ActorRef<?> ref) {
    return resolver().toSerializationFormat(ref);
  }

  private <T> ActorRef<T> resolve(String serialized) {
    return resolver().resolveActorRef(serialized);
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }

  // --- records ---------------------------------------------------------------------------------

  /**
   * A bookmark question may name no title (the entity answers it with 0): protobuf strings have no
   * null, and no title id is empty, so an absent one travels as empty.
   */
  private static String orEmpty(String titleId) {
    return titleId == null ? "" : titleId;
  }

  private static String orNull(String titleId) {
    return titleId.isEmpty() ? null : titleId;
  }

  private static CallerMessage toMessage(PlaybackSession.Caller c) {
    return CallerMessage.newBuilder()
        .setAccountId(c.accountId())
        .setProfileId(c.profileId())
        .setDeviceId(c.deviceId())
        .build();
  }

  private static PlaybackSession.Caller fromMessage(CallerMessage m) {
    return new PlaybackSession.Caller(m.getAccountId(), m.getProfileId(), m.getDeviceId());
  }

  private static SessionReplyMessage toMessage(PlaybackSession.Reply r) {
    SessionReplyMessage.Builder b =
        SessionReplyMessage.newBuilder()
            .setOutcome(toCode(r.outcome()))
            .setApplied(r.applied())
            .setDetail(r.detail())
            .setOwnerUrl(r.ownerUrl());
    if (r.session() != null) {
      b.setSession(toMessage(r.session()));
    }
    return b.build();
  }

  private static PlaybackSession.Reply fromMessage(SessionReplyMessage m)
      throws NotSerializableException {
    return new PlaybackSession.Reply(
        fromCode(m.getOutcome()),
        m.hasSession() ? fromMessage(m.getSession()) : null,
        m.getApplied(),
        m.getDetail(),
        m.getOwnerUrl());
  }

  private static HeartbeatReportMessage toMessage(HeartbeatReport r) {
    return HeartbeatReportMessage.newBuilder()
        .setSequenceNumber(r.sequenceNumber())
        .setClientTimeMs(r.clientTimeMs())
        .setPlayheadMs(r.playheadMs())
        .setPlayerState(toCode(r.playerState()))
        .setBufferMs(r.bufferMs())
        .setBitrateKbps(r.bitrateKbps())
        .setThroughputKbps(r.throughputKbps())
        .setBufferStarvation(r.bufferStarvation())
        .setPathway(r.pathway())
        .setPlayerError(r.playerError())
        .setPlaybackStarted(r.playbackStarted())
        .build();
  }

  private static HeartbeatReport fromMessage(HeartbeatReportMessage m)
      throws NotSerializableException {
    return new HeartbeatReport(
        m.getSequenceNumber(),
        m.getClientTimeMs(),
        m.getPlayheadMs(),
        fromCode(m.getPlayerState()),
        m.getBufferMs(),
        m.getBitrateKbps(),
        m.getThroughputKbps(),
        m.getBufferStarvation(),
        m.getPathway(),
        m.getPlayerError(),
        m.getPlaybackStarted());
  }

  private static SessionViewMessage toMessage(SessionView v) {
    SessionViewMessage.Builder b =
        SessionViewMessage.newBuilder()
            .setSessionId(v.sessionId())
            .setFacts(SessionProtoMapper.toData(v.facts()))
            .setPhase(SessionProtoMapper.toData(v.phase()))
            .setProgress(SessionProtoMapper.toData(v.progress()))
            .setStoppedAtMs(v.stoppedAtMs())
            .setLeaseExpiresAtMs(v.leaseExpiresAtMs());
    if (v.stopReason() != null) {
      b.setStopReason(SessionProtoMapper.toData(v.stopReason()));
    }
    if (!v.steering().isNone()) {
      b.setSteering(SessionProtoMapper.toData(v.steering()));
    }
    return b.build();
  }

  private static SessionView fromMessage(SessionViewMessage m) {
    return new SessionView(
        m.getSessionId(),
        SessionProtoMapper.fromData(m.getFacts()),
        SessionProtoMapper.fromData(m.getPhase()),
        m.getStopReason() == StopReasonData.STOP_REASON_UNSPECIFIED
            ? null
            : SessionProtoMapper.fromData(m.getStopReason()),
        SessionProtoMapper.fromData(m.getProgress()),
        m.getStoppedAtMs(),
        m.getLeaseExpiresAtMs(),
        m.hasSteering() ? SessionProtoMapper.fromData(m.getSteering()) : SteeringRecord.NONE);
  }

  private static SteeringAnswerMessage toMessage(SteeringAnswer a) {
    SteeringAnswerMessage.Builder b =
        SteeringAnswerMessage.newBuilder()
            .setNetworkVersion(a.networkVersion())
            .setClientNetwork(a.clientNetwork());
    for (SteeringAnswer.Choice c : a.choices()) {
      b.addChoices(
          SteeringChoiceData.newBuilder()
              .setPathway(c.pathway())
              .setBaseUrl(c.baseUrl())
              .setTier(c.tier())
              .setReason(c.reason()));
    }
    return b.build();
  }

  private static SteeringAnswer fromMessage(SteeringAnswerMessage m) {
    List<SteeringAnswer.Choice> choices = new ArrayList<>(m.getChoicesCount());
    for (SteeringChoiceData c : m.getChoicesList()) {
      choices.add(
          new SteeringAnswer.Choice(c.getPathway(), c.getBaseUrl(), c.getTier(), c.getReason()));
    }
    return new SteeringAnswer(m.getNetworkVersion(), m.getClientNetwork(), choices);
  }

  private static StreamViewMessage toMessage(Account.StreamView s) {
    return StreamViewMessage.newBuilder()
        .setSessionId(s.sessionId())
        .setProfileId(s.profileId())
        .setDeviceId(s.deviceId())
        .setTitleId(s.titleId())
        .setStartedAtMs(s.startedAtMs())
        .setLeaseExpiresAtMs(s.leaseExpiresAtMs())
        .setTerminationToken(s.terminationToken())
        .setReservedUntilMs(s.reservedUntilMs())
        .build();
  }

  private static Account.StreamView fromMessage(StreamViewMessage m) {
    return new Account.StreamView(
        m.getSessionId(),
        m.getProfileId(),
        m.getDeviceId(),
        m.getTitleId(),
        m.getStartedAtMs(),
        m.getLeaseExpiresAtMs(),
        m.getTerminationToken(),
        m.getReservedUntilMs());
  }

  // --- enums: explicit cases, never ordinals ---------------------------------------------------

  private static OutcomeCode toCode(PlaybackSession.Outcome outcome) {
    return switch (outcome) {
      case OK -> OutcomeCode.OUTCOME_CODE_OK;
      case NOT_FOUND -> OutcomeCode.OUTCOME_CODE_NOT_FOUND;
      case CONFLICT -> OutcomeCode.OUTCOME_CODE_CONFLICT;
      case ENDED -> OutcomeCode.OUTCOME_CODE_ENDED;
      case FORBIDDEN -> OutcomeCode.OUTCOME_CODE_FORBIDDEN;
      case THROTTLED -> OutcomeCode.OUTCOME_CODE_THROTTLED;
    };
  }

  private static PlaybackSession.Outcome fromCode(OutcomeCode code)
      throws NotSerializableException {
    return switch (code) {
      case OUTCOME_CODE_OK -> PlaybackSession.Outcome.OK;
      case OUTCOME_CODE_NOT_FOUND -> PlaybackSession.Outcome.NOT_FOUND;
      case OUTCOME_CODE_CONFLICT -> PlaybackSession.Outcome.CONFLICT;
      case OUTCOME_CODE_ENDED -> PlaybackSession.Outcome.ENDED;
      case OUTCOME_CODE_FORBIDDEN -> PlaybackSession.Outcome.FORBIDDEN;
      case OUTCOME_CODE_THROTTLED -> PlaybackSession.Outcome.THROTTLED;
      case OUTCOME_CODE_UNSPECIFIED, UNRECOGNIZED ->
          throw new NotSerializableException("Unknown outcome " + code);
    };
  }

  private static AdmitOutcomeCode toCode(Account.AdmitOutcome outcome) {
    return switch (outcome) {
      case ADMITTED -> AdmitOutcomeCode.ADMIT_OUTCOME_CODE_ADMITTED;
      case ALREADY_ADMITTED -> AdmitOutcomeCode.ADMIT_OUTCOME_CODE_ALREADY_ADMITTED;
      case LIMIT_REACHED -> AdmitOutcomeCode.ADMIT_OUTCOME_CODE_LIMIT_REACHED;
      case DEVICE_LIMIT_REACHED -> AdmitOutcomeCode.ADMIT_OUTCOME_CODE_DEVICE_LIMIT_REACHED;
      case SESSION_ENDED -> AdmitOutcomeCode.ADMIT_OUTCOME_CODE_SESSION_ENDED;
      case TOKEN_REVOKED -> AdmitOutcomeCode.ADMIT_OUTCOME_CODE_TOKEN_REVOKED;
    };
  }

  private static Account.AdmitOutcome fromCode(AdmitOutcomeCode code)
      throws NotSerializableException {
    return switch (code) {
      case ADMIT_OUTCOME_CODE_ADMITTED -> Account.AdmitOutcome.ADMITTED;
      case ADMIT_OUTCOME_CODE_ALREADY_ADMITTED -> Account.AdmitOutcome.ALREADY_ADMITTED;
      case ADMIT_OUTCOME_CODE_LIMIT_REACHED -> Account.AdmitOutcome.LIMIT_REACHED;
      case ADMIT_OUTCOME_CODE_DEVICE_LIMIT_REACHED -> Account.AdmitOutcome.DEVICE_LIMIT_REACHED;
      case ADMIT_OUTCOME_CODE_SESSION_ENDED -> Account.AdmitOutcome.SESSION_ENDED;
      case ADMIT_OUTCOME_CODE_TOKEN_REVOKED -> Account.AdmitOutcome.TOKEN_REVOKED;
      case ADMIT_OUTCOME_CODE_UNSPECIFIED, UNRECOGNIZED ->
          throw new NotSerializableException("Unknown admission outcome " + code);
    };
  }

  private static ReportOutcomeCode toCode(PlaybackSession.ReportOutcome outcome) {
    return switch (outcome) {
      case APPLIED -> ReportOutcomeCode.REPORT_OUTCOME_CODE_APPLIED;
      case ALREADY_SEEN -> ReportOutcomeCode.REPORT_OUTCOME_CODE_ALREADY_SEEN;
      case AFTER_END -> ReportOutcomeCode.REPORT_OUTCOME_CODE_AFTER_END;
    };
  }

  private static PlaybackSession.ReportOutcome fromCode(ReportOutcomeCode code)
      throws NotSerializableException {
    return switch (code) {
      case REPORT_OUTCOME_CODE_APPLIED -> PlaybackSession.ReportOutcome.APPLIED;
      case REPORT_OUTCOME_CODE_ALREADY_SEEN -> PlaybackSession.ReportOutcome.ALREADY_SEEN;
      case REPORT_OUTCOME_CODE_AFTER_END -> PlaybackSession.ReportOutcome.AFTER_END;
      case REPORT_OUTCOME_CODE_UNSPECIFIED, UNRECOGNIZED ->
          throw new NotSerializableException("Unknown report outcome " + code);
    };
  }

  private static PlayerStateCode toCode(PlayerState state) {
    if (state == null) {
      return PlayerStateCode.PLAYER_STATE_CODE_ABSENT;
    }
    return switch (state) {
      case STARTING -> PlayerStateCode.PLAYER_STATE_CODE_STARTING;
      case PLAYING -> PlayerStateCode.PLAYER_STATE_CODE_PLAYING;
      case SEEKING -> PlayerStateCode.PLAYER_STATE_CODE_SEEKING;
      case REBUFFERING -> PlayerStateCode.PLAYER_STATE_CODE_REBUFFERING;
      case PAUSED -> PlayerStateCode.PLAYER_STATE_CODE_PAUSED;
      case WAITING -> PlayerStateCode.PLAYER_STATE_CODE_WAITING;
      case ENDED -> PlayerStateCode.PLAYER_STATE_CODE_ENDED;
      case FATAL_ERROR -> PlayerStateCode.PLAYER_STATE_CODE_FATAL_ERROR;
      case QUIT -> PlayerStateCode.PLAYER_STATE_CODE_QUIT;
      case PRELOADING -> PlayerStateCode.PLAYER_STATE_CODE_PRELOADING;
    };
  }

  private static PlayerState fromCode(PlayerStateCode code) throws NotSerializableException {
    return switch (code) {
      case PLAYER_STATE_CODE_ABSENT -> null;
      case PLAYER_STATE_CODE_STARTING -> PlayerState.STARTING;
      case PLAYER_STATE_CODE_PLAYING -> PlayerState.PLAYING;
      case PLAYER_STATE_CODE_SEEKING -> PlayerState.SEEKING;
      case PLAYER_STATE_CODE_REBUFFERING -> PlayerState.REBUFFERING;
      case PLAYER_STATE_CODE_PAUSED -> PlayerState.PAUSED;
      case PLAYER_STATE_CODE_WAITING -> PlayerState.WAITING;
      case PLAYER_STATE_CODE_ENDED -> PlayerState.ENDED;
      case PLAYER_STATE_CODE_FATAL_ERROR -> PlayerState.FATAL_ERROR;
      case PLAYER_STATE_CODE_QUIT -> PlayerState.QUIT;
      case PLAYER_STATE_CODE_PRELOADING -> PlayerState.PRELOADING;
      case UNRECOGNIZED -> throw new NotSerializableException("Unknown player state " + code);
    };
  }
}
