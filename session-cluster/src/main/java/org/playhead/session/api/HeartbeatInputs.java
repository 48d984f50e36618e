package org.playhead.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.heartbeat.CmcdEventType;
import org.playhead.session.heartbeat.CmcdParseException;
import org.playhead.session.heartbeat.CmcdParser;
import org.playhead.session.heartbeat.CmcdReport;
import org.playhead.session.heartbeat.HeartbeatValidation;
import org.playhead.session.heartbeat.PlayerState;

/**
 * Heartbeats from every transport (HTTP JSON with CMCD keys, CMCD v2 event-mode bodies, gRPC)
 * become one {@link CmcdReport}, pass the same {@link HeartbeatValidation}, and leave as the
 * entity's {@link HeartbeatReport}.
 */
final class HeartbeatInputs {
  private HeartbeatInputs() {}

  static final long MAX_PLAYHEAD_MS = HeartbeatValidation.MAX_PLAYHEAD_MS;

  /** A validated heartbeat and the session it is for. */
  record Incoming(String sessionId, HeartbeatReport report) {}

  /** {@code {"sn": 5, "sta": "p", "pt": 61000, ...}}: CMCD key names, JSON types. */
  static Incoming fromJson(JsonNode body, String pathSessionId) {
    List<Problem.FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(body, "", errors);
    CmcdReport.Builder b = CmcdReport.builder();
    String sid = f.text("sid");
    if (!sid.isEmpty()) {
      b.sid(sid);
    }
    String cid = f.text("cid");
    if (!cid.isEmpty()) {
      b.cid(cid);
    }
    b.sn(f.integer("sn", CmcdReport.ABSENT));
    b.ts(f.integer("ts", CmcdReport.ABSENT));
    b.pt(f.integer("pt", CmcdReport.ABSENT));
    b.bl(f.integer("bl", CmcdReport.ABSENT));
    b.br(f.integer("br", CmcdReport.ABSENT));
    b.mtp(f.integer("mtp", CmcdReport.ABSENT));
    b.bs(f.bool("bs"));
    b.su(f.bool("su"));
    List<String> ec = f.textList("ec");
    if (!ec.isEmpty()) {
      b.ec(ec);
    }
    String sta = f.text("sta");
    if (!sta.isEmpty()) {
      PlayerState state = PlayerState.fromCode(sta).orElse(null);
      if (state == null) {
        errors.add(new Problem.FieldError("sta", "must be one of s, p, k, r, a, w, e, f, q, d"));
      }
      b.sta(state);
    }
    String event = f.text("e");
    if (!event.isEmpty()) {
      b.e(CmcdEventType.fromCode(event));
    }
    String ot = f.text("ot");
    if (!ot.isEmpty()) {
      b.ot(ot);
    }
    String cdn = f.text("cdn");
    if (!cdn.isEmpty()) {
      b.cdn(cdn);
    }
    String pathway = f.has("pathway") ? f.text("pathway") : f.text("com.playhead-pathway");
    if (!pathway.isEmpty()) {
      b.pathway(pathway);
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return validated(b.build(), pathSessionId);
  }

  /**
   * One line of a CMCD body: its report, or why it cannot be used.
   *
   * @param line 1-based, as in the body
   * @param report {@code null} when the line is unusable
   */
  record CmcdLine(int line, HeartbeatReport report, List<Problem.FieldError> errors) {
    boolean usable() {
      return report != null;
    }
  }

  /**
   * A CMCD v2 event-mode body: one report per line, each judged on its own, so that a batch with
   * some unusable lines still applies the others (players re-send a refused batch, and a growing
   * backlog with it). The usable lines come back in the order to apply them: by {@code sn} when
   * every one has it, else by {@code ts} when every one has it, else as sent.
   *
   * <p>{@code sid} may be what the player set (dash.js makes up its own unless configured): the
   * path names the session. {@code sn} is optional (dash.js sends {@code e}, {@code ts} and {@code
   * v} unless more keys are enabled).
   *
   * @throws RequestRejectedException if the body is too large or has too many or no reports
   */
  static List<CmcdLine> fromCmcdBody(String body, String pathSessionId) {
    StartInput.requireSessionId(pathSessionId);
    if (body.length() > CmcdParser.MAX_BODY_CHARS) {
      throw malformed("The body is larger than " + CmcdParser.MAX_BODY_CHARS + " characters.");
    }
    List<CmcdLine> lines = new ArrayList<>(4);
    int number = 0;
    for (String text : body.split("\n", -1)) {
      number++;
      String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      if (line.isBlank()) {
        continue;
      }
      if (lines.size() == CmcdParser.MAX_REPORTS) {
        throw malformed(
            "The body has more than " + CmcdParser.MAX_REPORTS + " reports; send fewer at once.");
      }
      lines.add(cmcdLine(number, line));
    }
    if (lines.isEmpty()) {
      throw malformed("The body holds no CMCD report.");
    }
    List<CmcdLine> usable = lines.stream().filter(CmcdLine::usable).toList();
    java.util.Comparator<CmcdLine> order =
        usable.stream().allMatch(l -> l.report().sequenceNumber() >= 0)
            ? java.util.Comparator.comparingLong(l -> l.report().sequenceNumber())
            : usable.stream().allMatch(l -> l.report().clientTimeMs() >= 0)
                ? java.util.Comparator.comparingLong(l -> l.report().clientTimeMs())
                : (a, b) -> 0;
    List<CmcdLine> ordered = new ArrayList<>(usable);
    ordered.sort(order);
    lines.stream().filter(l -> !l.usable()).forEach(ordered::add);
    return ordered;
  }

  private static CmcdLine cmcdLine(int number, String text) {
    CmcdReport report;
    try {
      report = CmcdParser.parseOne(text);
    } catch (CmcdParseException e) {
      return new CmcdLine(
          number, null, List.of(new Problem.FieldError("line " + number, e.getMessage())));
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    for (HeartbeatValidation.Violation v : HeartbeatValidation.validate(report)) {
      errors.add(new Problem.FieldError(v.field(), v.message()));
    }
    return errors.isEmpty()
        ? new CmcdLine(number, toReport(report), List.of())
        : new CmcdLine(number, null, List.copyOf(errors));
  }

  private static RequestRejectedException malformed(String detail) {
    return new RequestRejectedException(
        Problem.of("malformed-cmcd", "Malformed CMCD", 400, detail));
  }

  static Incoming fromGrpc(HeartbeatRequest in) {
    CmcdReport.Builder b =
        CmcdReport.builder()
            .sid(in.getSessionId())
            .sn(in.getSequenceNumber())
            .ts(in.hasClientTimeMs() ? in.getClientTimeMs() : CmcdReport.ABSENT)
            .pt(in.hasPlayheadMs() ? in.getPlayheadMs() : CmcdReport.ABSENT)
            .bl(in.hasBufferLengthMs() ? in.getBufferLengthMs() : CmcdReport.ABSENT)
            .br(in.hasEncodedBitrateKbps() ? in.getEncodedBitrateKbps() : CmcdReport.ABSENT)
            .mtp(
                in.hasMeasuredThroughputKbps() ? in.getMeasuredThroughputKbps() : CmcdReport.ABSENT)
            .bs(in.getBufferStarvation())
            .su(in.getStartup())
            .ec(in.getErrorCodesList())
            .sta(playerState(in))
            .e(event(in));
    if (!in.getContentId().isEmpty()) {
      b.cid(in.getContentId());
    }
    if (!in.getObjectType().isEmpty()) {
      b.ot(in.getObjectType());
    }
    if (!in.getPathway().isEmpty()) {
      b.pathway(in.getPathway());
    }
    return validated(b.build(), in.getSessionId());
  }

  private static Incoming validated(CmcdReport report, String sessionId) {
    StartInput.requireSessionId(sessionId);
    List<Problem.FieldError> errors = new ArrayList<>();
    for (HeartbeatValidation.Violation v : HeartbeatValidation.validate(report)) {
      errors.add(new Problem.FieldError(v.field(), v.message()));
    }
    if (!report.hasSn()) {
      errors.add(new Problem.FieldError("sn", "is required"));
    }
    if (report.sid() != null && !report.sid().equals(sessionId)) {
      errors.add(new Problem.FieldError("sid", "does not match the session in the path"));
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return new Incoming(sessionId, toReport(report));
  }

  /** A validated report as the entity takes it; an absent {@code sn} or {@code ts} is -1. */
  private static HeartbeatReport toReport(CmcdReport report) {
    return new HeartbeatReport(
        report.hasSn() ? report.sn() : -1,
        report.hasTs() ? report.ts() : -1,
        report.hasPt() ? report.pt() : -1,
        report.sta(),
        report.hasBl() ? report.bl() : -1,
        report.hasBr() ? report.br() : 0,
        report.hasMtp() ? report.mtp() : 0,
        report.bs(),
        report.pathwayId(),
        // A player error on a pathway demotes that cache for the session (see PlaybackSession).
        report.e() == CmcdEventType.ERROR
            || !report.ec().isEmpty()
            || report.sta() == PlayerState.FATAL_ERROR,
        report.hasMsd());
  }

  private static RequestRejectedException invalid(List<Problem.FieldError> errors) {
    return new RequestRejectedException(
        Problem.invalid("The heartbeat has invalid fields.", errors));
  }

  private static PlayerState playerState(HeartbeatRequest in) {
    return switch (in.getPlayerState()) {
      case PLAYER_STATE_STARTING -> PlayerState.STARTING;
      case PLAYER_STATE_PLAYING -> PlayerState.PLAYING;
      case PLAYER_STATE_SEEKING -> PlayerState.SEEKING;
      case PLAYER_STATE_REBUFFERING -> PlayerState.REBUFFERING;
      case PLAYER_STATE_PAUSED -> PlayerState.PAUSED;
      case PLAYER_STATE_WAITING -> PlayerState.WAITING;
      case PLAYER_STATE_ENDED -> PlayerState.ENDED;
      case PLAYER_STATE_FATAL_ERROR -> PlayerState.FATAL_ERROR;
      case PLAYER_STATE_QUIT -> PlayerState.QUIT;
      case PLAYER_STATE_PRELOADING -> PlayerState.PRELOADING;
      case PLAYER_STATE_UNSPECIFIED -> null;
      case UNRECOGNIZED ->
          throw invalid(List.of(new Problem.FieldError("player_state", "unknown value")));
    };
  }

  private static CmcdEventType event(HeartbeatRequest in) {
    return switch (in.getEvent()) {
      case PLAYER_EVENT_TIME_INTERVAL -> CmcdEventType.TIME_INTERVAL;
      case PLAYER_EVENT_PLAY_STATE -> CmcdEventType.PLAY_STATE;
      case PLAYER_EVENT_ERROR -> CmcdEventType.ERROR;
      case PLAYER_EVENT_CONTENT_CHANGE -> CmcdEventType.CONTENT_CHANGE;
      case PLAYER_EVENT_BACKGROUNDED -> CmcdEventType.BACKGROUNDED;
      case PLAYER_EVENT_UNSPECIFIED -> null;
      case UNRECOGNIZED -> CmcdEventType.UNKNOWN;
    };
  }
}
