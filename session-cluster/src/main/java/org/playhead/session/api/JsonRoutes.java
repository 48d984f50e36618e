package org.playhead.session.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.AskTimeoutException;
import org.playhead.http.HttpEdge;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every JSON API here shares: bounded bodies, one ObjectMapper, and RFC 9457 problem answers
 * rendered by the process's one {@link HttpEdge} (which also turns every rejection and failure into
 * a problem, and adds CORS, once for all routes).
 */
abstract class JsonRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(JsonRoutes.class);

  static final ContentType PROBLEM_JSON = HttpEdge.PROBLEM_JSON;
  static final String CMCD_MEDIA_TYPE = "application/cmcd";
  static final String JSON_MEDIA_TYPE = "application/json";

  final long maxBodyBytes;
  // Built once: a mapper per request costs a large share of a heartbeat's budget.
  final ObjectMapper mapper = new ObjectMapper();

  JsonRoutes(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
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
    return HttpEdge.problem(problem);
  }

  /** A problem that passes with time: {@code Retry-After} in whole seconds, rounded up. */
  Route retryLater(Problem problem, java.time.Duration wait) {
    return HttpEdge.retryLater(problem, wait);
  }

  byte[] bytes(Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON for " + body.getClass(), e);
    }
  }
}
