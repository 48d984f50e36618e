package org.playhead.session.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
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
public final class PlaybackHttpRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(PlaybackHttpRoutes.class);

  public static final ContentType PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
  private static final String CMCD_MEDIA_TYPE = "application/cmcd";
  private static final String JSON_MEDIA_TYPE = "application/json";

  private final SessionGateway gateway;
  private final HttpAuth auth;
  private final SessionSettings settings;
  private final long maxBodyBytes;
  private final StartRateLimiter startLimiter;
  // Built once: a mapper per request costs a large share of a heartbeat's budget.
  private final ObjectMapper mapper = new ObjectMapper();

  public PlaybackHttpRoutes(
      SessionGateway gateway,
      SessionSettings settings,
      long maxBodyBytes,
      HttpAuth auth,
      StartRateLimiter startLimiter) {
    this.gateway = gateway;
    this.auth = auth;
    this.settings = settings;
    this.maxBodyBytes = maxBodyBytes;
    this.startLimiter = startLimiter;
  }

  public Route routes() {
    return handleExceptions(
        exceptionHandler(),
        () ->
            handleRejections(
                rejectionHandler(),
                () ->
                    pathPrefix(
                        PathMatchers.segment("v1").slash("sessions"),
                        () ->
                            concat(
                                pathEndOrSingleSlash(
                                    () ->
                                        post(
                                            () ->
                                                auth.player(
                                                    player ->
                                                        withBody(body -> start(player, body))))),
                                pathPrefix(
                                    PathMatchers.segment(),
                                    id ->
                                        concat(
                                            pathEndOrSingleSlash(
                                                () -> get(() -> auth.player(p -> get(p, id)))),
                                            path(
                                                "heartbeats",
                                                () ->
                                                    post(
                                                        () ->
                                                            auth.player(
                                                                p -> heartbeatBody(p, id)))),
                                            path(
                                                "stop",
                                                () ->
                                                    post(
                                                        () ->
                                                            auth.player(
                                                                p ->
                                                                    withBody(
                                                                        body ->
                                                                            stop(
                                                                                p, id,
                                                                                body)))))))))));
  }

  // --- handlers ------------------------------------------------------------------------------

  private Route start(Principal.Player player, String body) {
    StartInput.ValidStart start =
        JsonInputs.startInput(parseObject(body)).forPlayer(player).validate();
    // Before any entity: a 429 (with Retry-After) when the account or device starts too often.
    startLimiter.requireAllowed(start);
    return onComplete(
        gateway.startPlayback(start.sessionId(), start.facts(), start.terminationTokens()),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          SessionGateway.StartResult started = result.get();
          if (started.session() == null) {
            return problem(AdmissionProblems.of(started.admission()));
          }
          Reply reply = started.session();
          if (reply.outcome() != Outcome.OK) {
            return problem(ReplyProblems.of(reply, start.sessionId()));
          }
          var json = JsonViews.started(reply.session(), settings, started.admission().evicted());
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

  // --- plumbing ------------------------------------------------------------------------------

  /** The body as text, for JSON endpoints: any other declared media type gets 415. */
  private Route withBody(java.util.function.Function<String, Route> inner) {
    return extractRequest(
        request -> {
          String mediaType = request.entity().getContentType().mediaType().toString();
          boolean empty = request.entity().isKnownEmpty();
          if (!empty && !mediaType.equals(JSON_MEDIA_TYPE) && !mediaType.equals(CMCD_MEDIA_TYPE)) {
            return problem(unsupportedMediaType("application/json"));
          }
          return withSizeLimit(maxBodyBytes, () -> entity(Unmarshaller.entityToString(), inner));
        });
  }

  private static Problem unsupportedMediaType(String expected) {
    return Problem.of(
        "unsupported-media-type", "Unsupported media type", 415, "Send " + expected + ".");
  }

  private JsonNode parseObject(String body) {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RequestRejectedException(
          Problem.of(
              "malformed-json",
              "Malformed JSON",
              400,
              "The body is not valid JSON: " + e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new RequestRejectedException(
          Problem.of("malformed-json", "Malformed JSON", 400, "The body must be a JSON object."));
    }
    return node;
  }

  private Route replyWith(
      CompletionStage<Reply> pending,
      String sessionId,
      java.util.function.Function<Reply, HttpResponse> onOk) {
    return onComplete(
        pending,
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          Reply reply = result.get();
          if (reply.outcome() == Outcome.OK) {
            return complete(onOk.apply(reply));
          }
          return problem(ReplyProblems.of(reply, sessionId));
        });
  }

  private Problem unavailable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof AskTimeoutException || cause instanceof TimeoutException) {
      return Problem.of(
          "unavailable",
          "Temporarily unavailable",
          503,
          "The session did not answer in time; retry with the same request.");
    }
    log.warn("Session request failed", cause);
    return Problem.of(
        "unavailable", "Temporarily unavailable", 503, "The session could not be reached.");
  }

  private HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, bytes(body));
  }

  private Route problem(Problem problem) {
    return extractUri(
        uri ->
            complete(
                HttpResponse.create()
                    .withStatus(problem.status())
                    .withEntity(PROBLEM_JSON, bytes(problem.at(uri.path())))));
  }

  /** A problem that passes with time: {@code Retry-After} in whole seconds, rounded up. */
  private Route retryLater(Problem problem, java.time.Duration wait) {
    return respondWithHeader(
        RetryAfter.create(StartRateLimiter.wholeSeconds(wait)), () -> problem(problem));
  }

  private byte[] bytes(Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON for " + body.getClass(), e);
    }
  }

  private ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .match(
            RequestRejectedException.class,
            e ->
                e.retryAfter()
                    .map(wait -> retryLater(e.problem(), wait))
                    .orElseGet(() -> problem(e.problem())))
        .match(EntityStreamSizeException.class, e -> problem(tooLarge()))
        .match(
            Exception.class,
            e -> {
              log.error("Unexpected failure answering a request", e);
              return problem(
                  Problem.of("internal", "Internal error", 500, "Unexpected failure; see logs."));
            })
        .build();
  }

  private Problem tooLarge() {
    return Problem.of(
        "body-too-large",
        "Request body too large",
        413,
        "The body is larger than " + maxBodyBytes + " bytes.");
  }

  private RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handle(
            MalformedRequestContentRejection.class,
            r ->
                r.getCause() instanceof EntityStreamSizeException
                    ? problem(tooLarge())
                    : problem(Problem.of("malformed-body", "Malformed body", 400, r.message())))
        .handle(
            UnsupportedRequestContentTypeRejection.class,
            r ->
                problem(
                    Problem.of(
                        "unsupported-media-type",
                        "Unsupported media type",
                        415,
                        "Send application/json (or application/cmcd for heartbeats).")))
        .handleAll(
            MethodRejection.class,
            rs ->
                problem(
                    Problem.of(
                        "method-not-allowed",
                        "Method not allowed",
                        405,
                        "Allowed: "
                            + rs.stream().map(r -> r.supported().name()).distinct().toList())))
        .handleNotFound(problem(Problem.of("not-found", "Not found", 404, "No such resource.")))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(
            response ->
                response.entity().getContentType().equals(PROBLEM_JSON)
                    ? response
                    : response.withEntity(
                        PROBLEM_JSON,
                        bytes(
                            Problem.of(
                                "rejected",
                                response.status().reason(),
                                response.status().intValue(),
                                "The request was rejected."))));
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
