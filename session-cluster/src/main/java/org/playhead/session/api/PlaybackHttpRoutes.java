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
import org.playhead.session.PlaybackSession;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.SessionSettings;
import org.playhead.session.StopReason;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player API over HTTP JSON.
 *
 * <ul>
 *   <li>{@code POST /v1/sessions} start (201, or 200 when an idempotent retry)
 *   <li>{@code POST /v1/sessions/{id}/heartbeats} JSON with CMCD keys, or a CMCD v2 event-mode body
 *       ({@code Content-Type: application/cmcd})
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

  public PlaybackHttpRoutes(
      SessionGateway gateway,
      SessionSettings settings,
      long maxBodyBytes,
      HttpAuth auth,
      StartRateLimiter startLimiter,
      LicenseGrants licenses,
      SteeringStep steering) {
    super(maxBodyBytes);
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
                                auth.player(
                                    player ->
                                        extractClientIP(
                                            remote ->
                                                withBody(
                                                    body ->
                                                        start(
                                                            player,
                                                            body,
                                                            ClientAddresses.of(remote))))))),
                pathPrefix(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            pathEndOrSingleSlash(() -> get(() -> auth.player(p -> get(p, id)))),
                            path(
                                "heartbeats",
                                () -> post(() -> auth.player(p -> heartbeatBody(p, id)))),
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

  private Route start(Principal.Player player, String body, String clientAddress) {
    StartInput.ValidStart start =
        JsonInputs.startInput(parseObject(body)).forPlayer(player).validate();
    // Before any entity: a 429 (with Retry-After) when the account or device starts too often.
    startLimiter.requireAllowed(start);
    CompletionStage<Started> pending =
        gateway
            .startPlayback(start.sessionId(), start.facts(), start.terminationTokens())
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
                  .withSteering(SteeringJson.start(result.get().steered()));
          if (!reply.applied()) {
            return complete(json(StatusCodes.OK, json));
          }
          return complete(
              json(StatusCodes.CREATED, json)
                  .addHeader(Location.create("/v1/sessions/" + start.sessionId())));
        });
  }

  private Route heartbeatBody(Principal.Player player, String sessionId) {
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
                List<HeartbeatInputs.Incoming> reports =
                    cmcd
                        ? HeartbeatInputs.fromCmcdBody(body, sessionId)
                        : List.of(HeartbeatInputs.fromJson(parseObject(body), sessionId));
                return replyWith(
                    applyInOrder(sessionId, reports, SessionGateway.caller(player)),
                    sessionId,
                    reply -> json(StatusCodes.OK, JsonViews.heartbeat(reply, settings)));
              });
        });
  }

  /** A CMCD event-mode body may carry several reports: apply them one after another. */
  private CompletionStage<Reply> applyInOrder(
      String sessionId, List<HeartbeatInputs.Incoming> reports, PlaybackSession.Caller caller) {
    CompletionStage<Reply> chain = CompletableFuture.completedFuture(null);
    for (HeartbeatInputs.Incoming incoming : reports) {
      chain =
          chain.thenCompose(
              previous ->
                  previous != null && previous.outcome() != Outcome.OK
                      ? CompletableFuture.completedFuture(previous)
                      : gateway.heartbeat(sessionId, incoming.report(), caller));
    }
    return chain;
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
