package org.playhead.session.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chaos drills for the console, on the API port. Drills run in the chaos kit's own process ({@code
 * ./playhead chaos serve}: a node cannot drill the cluster it belongs to), so this route passes the
 * SRE's request on to that server and its answer back, unchanged:
 *
 * <pre>
 *   GET  /v1/sre/drills                      -> {drills-url}/v1/drills
 *   POST /v1/sre/drills                      -> {drills-url}/v1/drills (starts one)
 *   GET  /v1/sre/drills/{id}                 -> {drills-url}/v1/drills/{id} (progress, report)
 *   GET  /v1/sre/drills/{id}/report.html     -> {drills-url}/v1/drills/{id}/report.html
 * </pre>
 *
 * The node checks the SRE token first and the drill server checks it again (it verifies with the
 * same keys), so neither trusts the other with authorization. Only these paths go through, to the
 * one configured server: the route cannot be pointed anywhere else.
 */
public final class SreDrillRoutes extends JsonRoutes {
  private static final Logger log = LoggerFactory.getLogger(SreDrillRoutes.class);
  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9-]{1,64}");

  /** Drill reports carry every failover's figures: bounded all the same. */
  static final long MAX_ANSWER_BYTES = 8L * 1024 * 1024;

  private final ActorSystem<?> system;
  private final Optional<String> drillsUrl;
  private final Duration timeout;
  private final HttpAuth auth;
  private final Materializer materializer;

  public SreDrillRoutes(
      ActorSystem<?> system,
      Optional<String> drillsUrl,
      Duration timeout,
      HttpAuth auth,
      long maxBodyBytes) {
    super(maxBodyBytes);
    this.system = system;
    this.drillsUrl = drillsUrl.map(url -> url.replaceAll("/+$", ""));
    this.timeout = timeout;
    this.auth = auth;
    this.materializer = Materializer.matFromSystem(system);
  }

  public Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("sre").slash("drills"),
        () ->
            auth.authenticated(
                Role.SRE,
                sre ->
                    concat(
                        pathEndOrSingleSlash(
                            () ->
                                concat(
                                    get(() -> forward(HttpMethods.GET, "")),
                                    post(() -> withBody(b -> forwardBody("", b))))),
                        pathPrefix(
                            PathMatchers.segment(ID),
                            id ->
                                concat(
                                    pathEndOrSingleSlash(
                                        () -> get(() -> forward(HttpMethods.GET, "/" + id))),
                                    path(
                                        "report.html",
                                        () ->
                                            get(
                                                () ->
                                                    forward(
                                                        HttpMethods.GET,
                                                        "/" + id + "/report.html"))))))));
  }

  private Route forward(HttpMethod method, String suffix) {
    return send(method, suffix, Optional.empty());
  }

  private Route forwardBody(String suffix, String body) {
    return send(HttpMethods.POST, suffix, Optional.of(body));
  }

  private Route send(HttpMethod method, String suffix, Optional<String> body) {
    if (drillsUrl.isEmpty()) {
      return problem(
          Problem.of(
              "drills-not-configured",
              "No drill server",
              503,
              "This node has no drill server configured. Start one with ./playhead chaos serve"
                  + " and give the node its address in PLAYHEAD_DRILLS_URL"
                  + " (e.g. http://127.0.0.1:8570)."));
    }
    return headerValueByName(
        "Authorization",
        authorization -> {
          HttpRequest request =
              HttpRequest.create(drillsUrl.get() + "/v1/drills" + suffix)
                  .withMethod(method)
                  .addHeader(RawHeader.create("Authorization", authorization));
          if (body.isPresent()) {
            request =
                request.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.get()));
          }
          CompletionStage<HttpResponse> answer =
              Http.get(system)
                  .singleRequest(request)
                  .thenCompose(
                      response ->
                          response
                              .entity()
                              .withSizeLimit(MAX_ANSWER_BYTES)
                              .toStrict(timeout.toMillis(), materializer)
                              .thenApply(strict -> relay(response, strict)));
          return onComplete(
              answer.toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS),
              result -> {
                if (result.isSuccess()) {
                  return complete(result.get());
                }
                log.warn("Drill server {} did not answer", drillsUrl.get(), result.failed().get());
                return problem(
                    Problem.of(
                        "drills-unreachable",
                        "Drill server unreachable",
                        502,
                        "The drill server at "
                            + drillsUrl.get()
                            + " did not answer in time; is ./playhead chaos serve running?"));
              });
        });
  }

  /** The drill server's status, type and bytes, and nothing else of its headers. */
  private static HttpResponse relay(HttpResponse response, HttpEntity.Strict strict) {
    ContentType type = strict.getContentType();
    ByteString bytes = strict.getData();
    List<HttpHeader> headers = List.of(RawHeader.create("Cache-Control", "no-store"));
    return HttpResponse.create()
        .withStatus(response.status())
        .withEntity(HttpEntities.create(type, bytes))
        .addHeaders(headers);
  }
}
