package org.playhead.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.cors.javadsl.CorsDirectives;
import org.apache.pekko.http.cors.javadsl.settings.CorsSettings;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP edge of a Playhead process: every route of the process goes through {@link #seal}
 * once, so that
 *
 * <ul>
 *   <li>every refusal, rejection and failure is an RFC 9457 problem body ({@link ProblemBody}),
 *       {@link ProblemException}s thrown anywhere inside included;
 *   <li>browser pages on other origins can call every route: preflights are answered, the allowed
 *       origins come from {@code pekko.http.cors} (Playhead's default: any origin, without
 *       credentials, since every call carries its token in a header or a signed URL), and the
 *       headers players must read ({@code Retry-After}, {@code Location}, {@code WWW-Authenticate})
 *       are exposed;
 *   <li>error answers carry the same CORS headers as successes: the handlers run inside the CORS
 *       directive, so a player on another origin can read a 410 or a 429 and act on it.
 * </ul>
 *
 * The handlers and directives are built once, in {@link #seal}: a directive's inner supplier runs
 * on every request, and building handlers there cost more than half of a heartbeat's CPU.
 */
public final class HttpEdge extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(HttpEdge.class);

  public static final ContentType PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

  // One mapper for every problem body of the process.
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final CorsSettings cors;
  private final long maxBodyBytes;

  public HttpEdge(CorsSettings cors, long maxBodyBytes) {
    this.cors = cors;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * CORS from {@code playhead.http.cors} (this module's reference.conf has Playhead's defaults),
   * read by pekko-http-cors' own parser: the section has the library's keys.
   */
  public static HttpEdge fromConfig(Config config, long maxBodyBytes) {
    Config cors = config.getConfig("playhead.http.cors").atPath("pekko.http.cors");
    return new HttpEdge(CorsSettings.create(cors.withFallback(config)), maxBodyBytes);
  }

  public CorsSettings cors() {
    return cors;
  }

  /** {@code inner} with CORS, and every rejection and failure answered as a problem. */
  public Route seal(Route inner) {
    ExceptionHandler exceptions = exceptionHandler();
    Route rejectionsHandled = handleRejections(rejectionHandler(), () -> withoutEncoding(inner));
    Route handled = handleExceptions(exceptions, () -> rejectionsHandled);
    Route withCors = CorsDirectives.cors(cors, () -> handled);
    // What the CORS directive itself refuses (an origin not allowed, a preflight for a method not
    // allowed) is a problem too.
    return handleRejections(corsRejections(), () -> withCors);
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
          for (HttpHeader header : request.getHeaders()) {
            if (header.is("content-encoding")
                && !header.value().strip().equalsIgnoreCase("identity")) {
              return respondWithHeader(
                  RawHeader.create("Accept-Encoding", "identity"),
                  () ->
                      problem(
                          StandardProblem.of(
                              "unsupported-content-encoding",
                              "Unsupported content encoding",
                              415,
                              "Send the body uncompressed (no Content-Encoding).")));
            }
          }
          return inner;
        });
  }

  // --- rendering ---------------------------------------------------------------------------------

  /** The response for a problem, its {@code instance} set to {@code path}. */
  public static HttpResponse response(ProblemBody problem, String path) {
    return HttpResponse.create()
        .withStatus(problem.status())
        .withEntity(PROBLEM_JSON, bytes(problem.at(path)));
  }

  /** Completes with the problem, its {@code instance} the request's path. */
  public static Route problem(ProblemBody problem) {
    return Directives.INSTANCE.extractUri(
        uri -> Directives.INSTANCE.complete(response(problem, uri.path())));
  }

  /** A problem that passes with time: {@code Retry-After} in whole seconds, rounded up. */
  public static Route retryLater(ProblemBody problem, Duration wait) {
    return Directives.INSTANCE.respondWithHeader(
        RetryAfter.create(wholeSeconds(wait)), () -> problem(problem));
  }

  /** A duration in whole seconds, rounded up, at least 1: what {@code Retry-After} carries. */
  public static long wholeSeconds(Duration wait) {
    long millis = Math.max(1, wait.toMillis());
    return (millis + 999) / 1000;
  }

  private static Route answer(ProblemException e) {
    List<HttpHeader> headers = new ArrayList<>(e.headers());
    e.retryAfter().ifPresent(wait -> headers.add(RetryAfter.create(wholeSeconds(wait))));
    return headers.isEmpty()
        ? problem(e.problemBody())
        : Directives.INSTANCE.respondWithHeaders(headers, () -> problem(e.problemBody()));
  }

  static byte[] bytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a problem for " + body.getClass(), e);
    }
  }

  /** The static directives, for the static helpers above. */
  private static final class Directives extends AllDirectives {
    static final Directives INSTANCE = new Directives();
  }

  // --- handlers ----------------------------------------------------------------------------------

  private StandardProblem tooLarge() {
    return StandardProblem.of(
        "body-too-large",
        "Request body too large",
        413,
        "The body is larger than " + maxBodyBytes + " bytes.");
  }

  private ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .match(ProblemException.class, HttpEdge::answer)
        .match(EntityStreamSizeException.class, e -> problem(tooLarge()))
        .match(
            Exception.class,
            e -> {
              log.error("Unexpected failure answering a request", e);
              return problem(
                  StandardProblem.of(
                      "internal", "Internal error", 500, "Unexpected failure; see the logs."));
            })
        .build();
  }

  private RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handle(
            MalformedRequestContentRejection.class,
            r ->
                r.getCause() instanceof EntityStreamSizeException
                    ? problem(tooLarge())
                    : problem(
                        StandardProblem.of("malformed-body", "Malformed body", 400, r.message())))
        .handle(
            UnsupportedRequestContentTypeRejection.class,
            r ->
                problem(
                    StandardProblem.of(
                        "unsupported-media-type",
                        "Unsupported media type",
                        415,
                        "Send one of: " + r.getSupported() + ".")))
        .handleAll(
            MethodRejection.class,
            rs ->
                problem(
                    StandardProblem.of(
                        "method-not-allowed",
                        "Method not allowed",
                        405,
                        "Allowed: "
                            + rs.stream().map(r -> r.supported().name()).distinct().toList())))
        .handleNotFound(
            problem(StandardProblem.of("not-found", "Not found", 404, "No such resource.")))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(HttpEdge::asProblem);
  }

  private static RejectionHandler corsRejections() {
    return CorsDirectives.corsRejectionHandler()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(HttpEdge::asProblem);
  }

  /** A default handler's plain-text answer, as a problem with the same status. */
  private static HttpResponse asProblem(HttpResponse response) {
    if (response.entity().getContentType().equals(PROBLEM_JSON)) {
      return response;
    }
    int status = response.status().intValue();
    // The default handlers answer short strict texts ("CORS: invalid origin ..."): keep them.
    String detail =
        response.entity() instanceof HttpEntity.Strict strict && strict.getData().size() < 512
            ? strict.getData().utf8String()
            : "The request was rejected.";
    String slug = detail.startsWith("CORS") ? "cors-refused" : "rejected";
    return response.withEntity(
        PROBLEM_JSON, bytes(StandardProblem.of(slug, response.status().reason(), status, detail)));
  }
}
