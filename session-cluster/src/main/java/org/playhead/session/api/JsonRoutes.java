package org.playhead.session.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every JSON API here shares: bounded bodies, one ObjectMapper, RFC 9457 problem answers, and
 * handlers that turn every rejection and failure into a problem rather than a 500 page.
 */
abstract class JsonRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(JsonRoutes.class);

  static final ContentType PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
  static final String CMCD_MEDIA_TYPE = "application/cmcd";
  static final String JSON_MEDIA_TYPE = "application/json";

  final long maxBodyBytes;
  // Built once: a mapper per request costs a large share of a heartbeat's budget.
  final ObjectMapper mapper = new ObjectMapper();

  JsonRoutes(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Wraps routes so that every rejection and failure answers a problem body. The handlers and the
   * inner route are built here, once: a directive's inner Supplier runs on every request, and
   * building the handlers there cost more than half of a heartbeat's CPU (measured with JFR).
   */
  Route sealed(Route inner) {
    ExceptionHandler exceptions = exceptionHandler();
    Route rejectionsHandled = handleRejections(rejectionHandler(), () -> withoutEncoding(inner));
    return handleExceptions(exceptions, () -> rejectionsHandled);
  }

  /**
   * Request bodies are never decompressed: a body with a {@code Content-Encoding} other than
   * identity is 415 with {@code Accept-Encoding: identity} (RFC 7694). Bodies here are small (a
   * heartbeat is about 100 bytes, the largest is a delivery-network file), no player compresses
   * what it sends, and inflating would let a few kilobytes claim megabytes of a node's memory.
   */
  private Route withoutEncoding(Route inner) {
    return extractRequest(
        request -> {
          boolean encoded = false;
          for (var header : request.getHeaders()) {
            if (header.is("content-encoding")
                && !header.value().strip().equalsIgnoreCase("identity")) {
              encoded = true;
            }
          }
          if (!encoded) {
            return inner;
          }
          return respondWithHeader(
              RawHeader.create("Accept-Encoding", "identity"),
              () ->
                  problem(
                      Problem.of(
                          "unsupported-content-encoding",
                          "Unsupported content encoding",
                          415,
                          "Send the body uncompressed (no Content-Encoding).")));
        });
  }

  /** The body as text, for JSON endpoints: any other declared media type gets 415. */
  Route withBody(java.util.function.Function<String, Route> inner) {
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

  static Problem unsupportedMediaType(String expected) {
    return Problem.of(
        "unsupported-media-type", "Unsupported media type", 415, "Send " + expected + ".");
  }

  JsonNode parseObject(String body) {
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

  Route replyWith(
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
          if (reply.outcome() == Outcome.THROTTLED) {
            // A session's report budget refills at least once a second (SessionBudget.Limits).
            return retryLater(ReplyProblems.of(reply, sessionId), java.time.Duration.ofSeconds(1));
          }
          return problem(ReplyProblems.of(reply, sessionId));
        });
  }

  Problem unavailable(Throwable failure) {
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

  HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, bytes(body));
  }

  Route problem(Problem problem) {
    return extractUri(
        uri ->
            complete(
                HttpResponse.create()
                    .withStatus(problem.status())
                    .withEntity(PROBLEM_JSON, bytes(problem.at(uri.path())))));
  }

  /** A problem that passes with time: {@code Retry-After} in whole seconds, rounded up. */
  Route retryLater(Problem problem, java.time.Duration wait) {
    return respondWithHeader(
        org.apache.pekko.http.javadsl.model.headers.RetryAfter.create(
            StartRateLimiter.wholeSeconds(wait)),
        () -> problem(problem));
  }

  byte[] bytes(Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON for " + body.getClass(), e);
    }
  }

  ExceptionHandler exceptionHandler() {
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

  Problem tooLarge() {
    return Problem.of(
        "body-too-large",
        "Request body too large",
        413,
        "The body is larger than " + maxBodyBytes + " bytes.");
  }

  RejectionHandler rejectionHandler() {
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
}
