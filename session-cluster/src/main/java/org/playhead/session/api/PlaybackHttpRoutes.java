package org.playhead.session.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.playhead.http.HttpEdge;
import org.playhead.session.Account;
import org.playhead.session.HeartbeatReport;
import org.playhead.session.PlaybackSession;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.SessionSettings;
import org.playhead.session.StopReason;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Principal;
import org.playhead.session.security.RejectionReason;
import org.playhead.session.security.ReportUrls;
import org.playhead.session.security.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player API over HTTP JSON.
 *
 * <ul>
 *   <li>{@code POST /v1/sessions} start (201, or 200 when an idempotent retry)
 *   <li>{@code POST /v1/sessions/{id}/heartbeats} JSON with CMCD keys, or a CMCD v2 event-mode body
 *       ({@code Content-Type: application/cmcd}); with the player's bearer token, or at the
 *       session's signed report URL ({@code ?rt=}, from the start answer) without one
 *   <li>{@code POST /v1/sessions/{id}/stop}
 *   <li>{@code GET /v1/sessions/{id}}
 * </ul>
 *
 * Every failure is an RFC 9457 problem body; nothing here answers 500 for bad input.
 */
public final class PlaybackHttpRoutes extends JsonRoutes {
  private static final Logger log = LoggerFactory.getLogger(PlaybackHttpRoutes.class);

  /** Public for the security glue, which answers with the same problem bodies. */
  public static final ContentType PROBLEM_JSON = JsonRoutes.PROBLEM_JSON;

  private final SessionGateway gateway;
  private final HttpAuth auth;
  private final SessionSettings settings;
  private final StartRateLimiter startLimiter;
  private final LicenseGrants licenses;
  private final SteeringStep steering;
  private final ReportUrls reportUrls;

  public PlaybackHttpRoutes(
      SessionGateway gateway,
      SessionSettings settings,
      long maxBodyBytes,
      HttpAuth auth,
      StartRateLimiter startLimiter,
      LicenseGrants licenses,
      SteeringStep steering,
      ReportUrls reportUrls) {
    super(maxBodyBytes);
    this.reportUrls = reportUrls;
    this.gateway = gateway;
    this.auth = auth;
    this.settings = settings;
    this.startLimiter = startLimiter;
    this.licenses = licenses;
    this.steering = steering;
  }

  /**
   * The player and care APIs (and any others) as one route, through the process's one edge: every
   * failure answered as a problem, CORS for pages on other origins.
   */
  public static Route all(
      HttpEdge edge, PlaybackHttpRoutes players, CareHttpRoutes care, Route... others) {
    Route[] rest = new Route[others.length + 1];
    rest[0] = care.routes();
    System.arraycopy(others, 0, rest, 1, others.length);
    return edge.seal(players.concat(players.routes(), rest));
  }

  /** The player API alone, through {@code edge} (for tests of this API on its own). */
  public Route sealedRoutes(HttpEdge edge) {
    return edge.seal(routes());
  }

  public Route routes() {
    return concat(continueWatchingRoute(), sessionRoutes());
  }

  /** {@code GET /v1/continue-watching?limit=20}: the token's profile's titles in progress. */
  private Route continueWatchingRoute() {
    return path(
        PathMatchers.segment("v1").slash("continue-watching"),
        () ->
            get(
                () ->
                    auth.player(
                        player ->
                            parameterOptional(
                                "limit", limit -> continueWatching(player, limit.orElse("20"))))));
  }

  private Route continueWatching(Principal.Player player, String limitText) {
    int limit;
    try {
      limit = Integer.parseInt(limitText);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 100) {
      throw new RequestRejectedException(
          Problem.invalid(
              "The limit is out of range.",
              List.of(new Problem.FieldError("limit", "must be 1 to 100"))));
    }
    return onComplete(
        gateway.continueWatching(player.accountId(), player.profileId(), limit),
        result ->
            result.isFailure()
                ? problem(unavailable(result.failed().get()))
                : complete(json(StatusCodes.OK, result.get())));
  }

  private Route sessionRoutes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("sessions"),
        () ->
            concat(
                pathEndOrSingleSlash(
                    () ->
                        post(
                            () ->
                                auth.playerToken(
                                    token ->
                                        extractRequest(
                                            request ->
                                                withBody(
                                                    body ->
                                                        start(
                                                            token,
                                                            body,
                                                            ClientAddresses.of(request),
                                                            BaseUrls.of(request.getUri()))))))),
                pathPrefix(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            pathEndOrSingleSlash(() -> get(() -> auth.player(p -> get(p, id)))),
                            path(
                                "heartbeats",
                                () ->
                                    post(
                                        () ->
                                            parameterOptional(
                                                ReportUrls.PARAMETER,
                                                rt ->
                                                    rt.isPresent()
                                                        ? reportTarget(id, rt.get())
                                                        : auth.player(
                                                            p ->
                                                                heartbeatBody(
                                                                    SessionGateway.caller(p),
                                                                    id,
                                                                    false))))),
                            path(
                                "stop",
                                () ->
                                    post(
                                        () ->
                                            auth.player(
                                                p -> withBody(body -> stop(p, id, body)))))))));
  }

  // --- handlers ------------------------------------------------------------------------------

  /** A started session and its steering step's answer ({@code null} when the start failed). */
  private record Started(SessionGateway.StartResult start, SteeringStep.Steered steered) {}

  private Route start(
      Verification.Verified token, String body, String clientAddress, String baseUrl) {
    Principal.Player player = (Principal.Player) token.principal();
    StartInput.ValidStart start =
        JsonInputs.startInput(parseObject(body)).forPlayer(player).validate();
    // Before any entity: a 429 (with Retry-After) when the account or device starts too often.
    startLimiter.requireAllowed(start);
    CompletionStage<Started> pending =
        gateway
            .startPlayback(
                start.sessionId(), start.facts(), start.terminationTokens(), token.issuedAt())
            .thenCompose(
                started ->
                    started.session() == null || started.session().outcome() != Outcome.OK
                        ? CompletableFuture.completedFuture(new Started(started, null))
                        : steering
                            .afterStart(
                                start.sessionId(),
                                start.facts().titleId(),
                                clientAddress,
                                SessionGateway.caller(player))
                            .thenApply(steered -> new Started(started, steered)));
    return onComplete(
        pending,
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          SessionGateway.StartResult started = result.get().start();
          if (started.session() == null) {
            if (started.admission().outcome() == Account.AdmitOutcome.TOKEN_REVOKED) {
              // 401 with the Bearer challenge: the player must sign in again.
              return auth.refuse(RejectionReason.REVOKED, started.admission().detail());
            }
            return problem(AdmissionProblems.of(started.admission()));
          }
          Reply reply = started.session();
          if (reply.outcome() != Outcome.OK) {
            return problem(ReplyProblems.of(reply, start.sessionId()));
          }
          var json =
              JsonViews.started(
                      reply.session(),
                      settings,
                      started.admission().evicted(),
                      licenses.forSession(reply.session(), started.admission().plan()))
                  .withSteering(SteeringJson.start(result.get().steered()))
                  .withCmcd(cmcd(reply.session(), baseUrl));
          if (!reply.applied()) {
            return complete(OwnerHint.on(json(StatusCodes.OK, json), reply));
          }
          return complete(
              OwnerHint.on(
                  json(StatusCodes.CREATED, json)
                      .addHeader(Location.create("/v1/sessions/" + start.sessionId())),
                  reply));
        });
  }

  /** Where the player posts CMCD reports: the session's signed report URL, absolute. */
  private JsonViews.CmcdJson cmcd(org.playhead.session.SessionView session, String baseUrl) {
    long startedAt = session.facts().startedAtMs();
    return new JsonViews.CmcdJson(
        baseUrl + reportUrls.path(session.sessionId(), startedAt),
        reportUrls.expiresAtMs(startedAt),
        session.sessionId(),
        session.facts().titleId(),
        settings.heartbeatInterval().toSeconds());
  }

  /**
   * A heartbeat at the session's report URL: the signature vouches for the session (players can add
   * no header to CMCD event reports), and an ended session answers 410 so the player stops.
   */
  private Route reportTarget(String sessionId, String rt) {
    StartInput.requireSessionId(sessionId);
    return switch (reportUrls.check(sessionId, rt)) {
      case VALID -> heartbeatBody(null, sessionId, true);
      case EXPIRED ->
          problem(
              Problem.of(
                  "report-url-expired",
                  "Forbidden",
                  403,
                  "This report URL has passed the session's maximum life."));
      case INVALID ->
          problem(
              Problem.of(
                  "report-url-invalid",
                  "Forbidden",
                  403,
                  "The rt parameter does not sign this session: use the URL StartPlayback gave."));
    };
  }

  /**
   * @param caller the player, or {@code null} when the report URL vouches
   */
  private Route heartbeatBody(
      PlaybackSession.Caller caller, String sessionId, boolean viaReportUrl) {
    return extractRequest(
        request -> {
          String mediaType = request.entity().getContentType().mediaType().toString();
          boolean cmcd = mediaType.equals(CMCD_MEDIA_TYPE);
          if (!cmcd && !mediaType.equals(JSON_MEDIA_TYPE)) {
            return problem(unsupportedMediaType("application/json or application/cmcd"));
          }
          return withBody(
              body -> {
                StartInput.requireSessionId(sessionId);
                if (cmcd) {
                  return cmcdBody(caller, sessionId, body, viaReportUrl);
                }
                HeartbeatInputs.Incoming incoming =
                    HeartbeatInputs.fromJson(parseObject(body), sessionId);
                return onComplete(
                    gateway.heartbeat(sessionId, incoming.report(), caller),
                    result -> {
                      if (result.isFailure()) {
                        return problem(unavailable(result.failed().get()));
                      }
                      Reply reply = result.get();
                      return reply.outcome() == Outcome.OK
                          ? complete(
                              OwnerHint.on(
                                  json(StatusCodes.OK, JsonViews.heartbeat(reply, settings)),
                                  reply))
                          : refuse(reply, sessionId, viaReportUrl);
                    });
              });
        });
  }

  /**
   * A CMCD event-mode body: its usable lines go to the session as one command (at most one journal
   * write), and the answer says what became of every line. Some unusable lines still answer 200, so
   * a player does not re-send a growing backlog; a body with no usable line is 400.
   */
  private Route cmcdBody(
      PlaybackSession.Caller caller, String sessionId, String body, boolean viaReportUrl) {
    List<HeartbeatInputs.CmcdLine> lines = HeartbeatInputs.fromCmcdBody(body, sessionId);
    List<HeartbeatReport> reports =
        lines.stream()
            .filter(HeartbeatInputs.CmcdLine::usable)
            .map(HeartbeatInputs.CmcdLine::report)
            .toList();
    if (reports.isEmpty()) {
      throw new RequestRejectedException(
          new Problem(
              org.playhead.http.ProblemBody.TYPE_BASE + "malformed-cmcd",
              "Malformed CMCD",
              400,
              "No report in the body can be used.",
              null,
              lines.stream().flatMap(l -> l.errors().stream()).toList(),
              null,
              null,
              List.of()));
    }
    return onComplete(
        gateway.heartbeats(sessionId, reports, caller),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          PlaybackSession.BatchReply batch = result.get();
          Reply reply = batch.reply();
          if (reply.outcome() != Outcome.OK) {
            return refuse(reply, sessionId, viaReportUrl);
          }
          List<JsonViews.ReportLineJson> outcomes = new java.util.ArrayList<>(lines.size());
          int usable = 0;
          for (HeartbeatInputs.CmcdLine line : lines) {
            outcomes.add(
                line.usable()
                    ? new JsonViews.ReportLineJson(
                        line.line(), outcome(batch.lines().get(usable++)), List.of())
                    : new JsonViews.ReportLineJson(line.line(), "invalid", line.errors()));
          }
          outcomes.sort(java.util.Comparator.comparingInt(JsonViews.ReportLineJson::line));
          return complete(
              OwnerHint.on(
                  json(StatusCodes.OK, JsonViews.batch(reply, settings, outcomes)), reply));
        });
  }

  private static String outcome(PlaybackSession.ReportOutcome outcome) {
    return switch (outcome) {
      case APPLIED -> "applied";
      case ALREADY_SEEN -> "already-seen";
      case AFTER_END -> "after-end";
    };
  }

  /** A refused heartbeat; a throttled one says when to come back. */
  private Route refuse(Reply reply, String sessionId, boolean viaReportUrl) {
    Problem problem = refusal(reply, sessionId, viaReportUrl);
    // A session's report budget refills at least once a second (SessionBudget.Limits).
    return reply.outcome() == Outcome.THROTTLED
        ? retryLater(problem, java.time.Duration.ofSeconds(1))
        : problem(problem);
  }

  private static Problem refusal(Reply reply, String sessionId, boolean viaReportUrl) {
    return viaReportUrl
        ? ReplyProblems.forPlayerTarget(reply, sessionId)
        : ReplyProblems.of(reply, sessionId);
  }

  private Route stop(Principal.Player player, String sessionId, String body) {
    StartInput.requireSessionId(sessionId);
    JsonInputs.StopInput stop = JsonInputs.stopInput(body.isBlank() ? null : parseObject(body));
    return replyWith(
        gateway.stop(sessionId, stop.reason(), stop.playheadMs(), SessionGateway.caller(player)),
        sessionId,
        reply -> json(StatusCodes.OK, JsonViews.session(reply.session())));
  }

  private Route get(Principal.Player player, String sessionId) {
    StartInput.requireSessionId(sessionId);
    return replyWith(
        gateway.get(sessionId, SessionGateway.caller(player)),
        sessionId,
        reply -> json(StatusCodes.OK, JsonViews.session(reply.session())));
  }

  /** The stop reasons a player may give; operators' reasons arrive through care APIs. */
  static StopReason playerStopReason(String reason) {
    if (reason == null || reason.isEmpty() || reason.equalsIgnoreCase("user")) {
      return StopReason.USER;
    }
    if (reason.equalsIgnoreCase("ended")) {
      return StopReason.ENDED;
    }
    throw new RequestRejectedException(
        Problem.invalid(
            "A player may only stop with reason user or ended.",
            List.of(new Problem.FieldError("reason", "must be user or ended"))));
  }
}
