package org.playhead.session.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.playhead.session.PlaybackSession;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.steering.LoadShedder;
import org.playhead.session.steering.ManifestDecorator;
import org.playhead.session.steering.ManifestSource;
import org.playhead.session.steering.NodeSteering;
import org.playhead.session.steering.SessionLoadShedder;
import org.playhead.session.steering.SteeringResponses;
import org.playhead.session.steering.SteeringUrls;
import org.playhead.steering.SteeringAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What real players fetch for a session, by the URLs StartPlayback gave (signed with {@code st}, so
 * no bearer token is needed, as players send none on steering requests):
 *
 * <pre>
 *   GET /v1/steering/{id}/manifest.mpd   the title's MPD with one BaseURL per chosen cache
 *   GET /v1/steering/{id}/master.m3u8    the title's HLS multivariant playlist, one pathway per cache
 *   GET /v1/steering/{id}/dash.json      DASH-IF content steering (_DASH_pathway, _DASH_throughput)
 *   GET /v1/steering/{id}/hls.json       HLS content steering (_HLS_pathway, _HLS_throughput)
 * </pre>
 *
 * 410 once the session is over (players stop steering), 429 with {@code Retry-After} when the node
 * sheds load, 404 for an unknown session or title; every refusal is a problem body. CORS (player
 * pages come from other origins) comes from the node's HTTP edge, on refusals too.
 */
public final class SteeringHttpRoutes extends JsonRoutes {
  private static final Logger log = LoggerFactory.getLogger(SteeringHttpRoutes.class);
  private static final Pattern PATHWAY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern THROUGHPUT = Pattern.compile("[0-9]{0,15}");
  private static final int MAX_PATHWAYS = 32;

  private final SessionGateway gateway;
  private final NodeSteering steering;
  private final SteeringUrls urls;
  private final ManifestSource manifests;
  private final LoadShedder shedder;
  private final SessionLoadShedder sessionShedder;

  public SteeringHttpRoutes(
      SessionGateway gateway,
      NodeSteering steering,
      SteeringUrls urls,
      ManifestSource manifests,
      LoadShedder shedder,
      SessionLoadShedder sessionShedder,
      long maxBodyBytes) {
    super(maxBodyBytes);
    this.gateway = gateway;
    this.steering = steering;
    this.urls = urls;
    this.manifests = manifests;
    this.shedder = shedder;
    this.sessionShedder = sessionShedder;
  }

  public Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("steering").slash(PathMatchers.segment()),
        id ->
            get(
                () ->
                    parameterOptional(
                        "st",
                        st ->
                            extractRequest(
                                request -> {
                                  String address = ClientAddresses.of(request);
                                  String self = BaseUrls.of(request.getUri());
                                  return concat(
                                      path("dash.json", () -> dash(id, st, address, self)),
                                      path("hls.json", () -> hls(id, st, address, self)),
                                      path("manifest.mpd", () -> manifest(id, st, address, true)),
                                      path("master.m3u8", () -> manifest(id, st, address, false)));
                                }))));
  }

  /**
   * Checks the URL's signature and the node's load, before any entity is asked. A shed request is
   * told when to come back in {@code Retry-After} (exposed to pages on other origins), with the
   * status each player keeps polling on: dash.js reads {@code Retry-After} of a 429 and polls again
   * then, Shaka polls again after its last TTL whatever the error, but hls.js 1.7.4 stops steering
   * for good on a 429 (its handler returns before scheduling the next poll) while it polls again
   * after its TTL on a 503. So DASH steering and manifests shed with 429, HLS steering with 503.
   */
  private void admit(String sessionId, Optional<String> st) {
    admit(sessionId, st, 429);
  }

  private void admit(String sessionId, Optional<String> st, int shedStatus) {
    StartInput.requireSessionId(sessionId);
    if (!urls.verify(sessionId, st.orElse(null))) {
      throw new RequestRejectedException(
          Problem.of(
              "steering-url-invalid",
              "Forbidden",
              403,
              "The st parameter does not sign this session: use the URL StartPlayback gave."));
    }
    // The session's own bucket first: a session over its budget never spends the node's.
    if (!sessionShedder.tryAcquire(sessionId)) {
      throw new RequestRejectedException(
          Problem.of(
              "rate-limited",
              "Too many requests",
              429,
              "This session sends steering requests too often; retry after the Retry-After delay."),
          Duration.ofSeconds(1));
    }
    if (!shedder.tryAcquire()) {
      throw new RequestRejectedException(
          Problem.of(
              shedStatus == 429 ? "rate-limited" : "unavailable",
              shedStatus == 429 ? "Too many requests" : "Temporarily unavailable",
              shedStatus,
              "This node sheds steering load; retry after the Retry-After delay."),
          Duration.ofSeconds(Math.max(1, steering.ttl().toSeconds() / 4)));
    }
  }

  private Route dash(String sessionId, Optional<String> st, String address, String self) {
    return parameterOptional(
        "_DASH_pathway",
        pathway ->
            parameterOptional(
                "_DASH_throughput",
                throughput -> {
                  admit(sessionId, st);
                  List<String> pathways = dashPathways(pathway.orElse(""));
                  List<Long> throughputs = throughputs(throughput.orElse(""), pathways.size());
                  log.debug(
                      "DASH steering for {}: pathways {} at {} bit/s",
                      sessionId,
                      pathways,
                      throughputs);
                  return steer(
                      sessionId,
                      address,
                      "dash",
                      reply ->
                          json(
                              StatusCodes.OK,
                              SteeringResponses.dash(
                                  reply.answer(),
                                  reply.manifestPathways(),
                                  // Absolute: Shaka fails on a root-relative RELOAD-URI.
                                  self + urls.dashSteering(sessionId),
                                  steering.ttl().toSeconds())));
                }));
  }

  private Route hls(String sessionId, Optional<String> st, String address, String self) {
    return parameterOptional(
        "_HLS_pathway",
        pathway ->
            parameterOptional(
                "_HLS_throughput",
                throughput -> {
                  admit(sessionId, st, 503);
                  String p = pathway.orElse(".");
                  if (!p.equals(".") && !PATHWAY.matcher(p).matches()) {
                    throw invalid("_HLS_pathway", "must be a pathway id (1-64 of [A-Za-z0-9._-])");
                  }
                  if (throughput.isPresent() && !throughput.get().matches("[0-9]{1,15}")) {
                    throw invalid("_HLS_throughput", "must be a whole number of bit/s");
                  }
                  log.debug(
                      "HLS steering for {}: pathway {} at {} bit/s", sessionId, p, throughput);
                  return steer(
                      sessionId,
                      address,
                      "hls",
                      reply ->
                          json(
                              StatusCodes.OK,
                              SteeringResponses.hls(
                                  reply.answer(),
                                  reply.manifestPathways(),
                                  self + urls.hlsSteering(sessionId),
                                  steering.ttl().toSeconds())));
                }));
  }

  /** {@code "a,b"} as dash.js sends it, or {@code a,b} as Shaka does. */
  static List<String> dashPathways(String raw) {
    String value = raw.strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    List<String> pathways = new ArrayList<>();
    if (value.isEmpty()) {
      return pathways;
    }
    for (String p : value.split(",", -1)) {
      if (!PATHWAY.matcher(p).matches() || pathways.size() == MAX_PATHWAYS) {
        throw invalid(
            "_DASH_pathway",
            "must be up to 32 pathway ids (1-64 of [A-Za-z0-9._-]), comma-separated");
      }
      pathways.add(p);
    }
    return pathways;
  }

  /** Bit/s per pathway, in the pathways' order; an empty entry is a pathway not measured. */
  static List<Long> throughputs(String raw, int pathways) {
    List<Long> values = new ArrayList<>();
    if (raw.isEmpty()) {
      return values;
    }
    String[] parts = raw.split(",", -1);
    if (parts.length > Math.max(1, pathways)) {
      throw invalid("_DASH_throughput", "has more entries than _DASH_pathway");
    }
    for (String part : parts) {
      if (!THROUGHPUT.matcher(part).matches()) {
        throw invalid("_DASH_throughput", "must be whole numbers of bit/s, comma-separated");
      }
      values.add(part.isEmpty() ? -1 : Long.parseLong(part));
    }
    return values;
  }

  private static RequestRejectedException invalid(String field, String message) {
    return new RequestRejectedException(
        Problem.invalid(
            "The steering request has invalid parameters.",
            List.of(new Problem.FieldError(field, message))));
  }

  private Route steer(
      String sessionId,
      String address,
      String trigger,
      Function<PlaybackSession.SteerReply, HttpResponse> onOk) {
    return onComplete(
        gateway.steer(sessionId, address, trigger, null),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          PlaybackSession.SteerReply reply = result.get();
          return reply.outcome() == Outcome.OK
              ? complete(onOk.apply(reply))
              : refused(reply, sessionId);
        });
  }

  /** A session that cannot be steered: unknown (404), over (410), or a bad client address. */
  private Route refused(PlaybackSession.SteerReply reply, String sessionId) {
    return switch (reply.outcome()) {
      case OK, NOT_FOUND ->
          problem(
              Problem.of(
                  "session-not-found", "Session not found", 404, "No session " + sessionId + "."));
      case ENDED ->
          problem(
              Problem.of(
                      "session-ended",
                      "Session ended",
                      410,
                      "The session is over: stop steering. " + reply.detail())
                  .withSession(
                      "STOPPED",
                      reply.session() == null || reply.session().stopReason() == null
                          ? null
                          : reply.session().stopReason().name().toLowerCase()));
      case CONFLICT, FORBIDDEN ->
          problem(
              Problem.invalid(
                  "The client address cannot be steered.",
                  List.of(new Problem.FieldError("clientAddress", reply.detail()))));
      // Steering never spends a session's report budget; an answer is never THROTTLED.
      case THROTTLED -> throw new IllegalStateException("steering is not throttled");
    };
  }

  private Route manifest(String sessionId, Optional<String> st, String address, boolean dash) {
    admit(sessionId, st);
    return extractUri(
        uri -> {
          String self = BaseUrls.of(uri);
          return onComplete(
              gateway
                  .steer(sessionId, address, "manifest", null)
                  .thenCompose(
                      reply -> {
                        if (reply.outcome() != Outcome.OK) {
                          return java.util.concurrent.CompletableFuture.completedFuture(
                              new Decorated(reply, null));
                        }
                        String title = reply.session().facts().titleId();
                        SteeringAnswer answer = reply.answer();
                        SteeringAnswer.Choice origin =
                            answer.choices().get(answer.choices().size() - 1);
                        String name =
                            dash
                                ? steering.settings().dashManifest()
                                : steering.settings().hlsPlaylist();
                        return manifests
                            .fetch(ManifestDecorator.titleBase(origin, title) + name)
                            .thenApply(
                                text -> {
                                  try {
                                    return new Decorated(
                                        reply,
                                        dash
                                            ? ManifestDecorator.dash(
                                                text,
                                                title,
                                                answer,
                                                self + urls.dashSteering(sessionId))
                                            : ManifestDecorator.hls(
                                                text,
                                                title,
                                                answer,
                                                self + urls.hlsSteering(sessionId)));
                                  } catch (Exception e) {
                                    throw new CompletionException(new BadOriginManifest(e));
                                  }
                                });
                      }),
              result -> {
                if (result.isFailure()) {
                  return problem(originProblem(result.failed().get()));
                }
                Decorated d = result.get();
                if (d.text() == null) {
                  return refused(d.reply(), sessionId);
                }
                return complete(
                    HttpResponse.create()
                        .withStatus(StatusCodes.OK)
                        .withEntity(
                            dash
                                ? ContentTypes.create(
                                    MediaTypes.applicationWithOpenCharset("dash+xml"),
                                    org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8)
                                : ContentTypes.create(
                                    MediaTypes.applicationWithOpenCharset("vnd.apple.mpegurl"),
                                    org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8),
                            d.text()));
              });
        });
  }

  private record Decorated(PlaybackSession.SteerReply reply, String text) {}

  private static final class BadOriginManifest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadOriginManifest(Exception cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private Problem originProblem(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof ManifestSource.TitleNotFound) {
      return Problem.of(
          "title-not-found", "Title not found", 404, "The origin has no manifest for this title.");
    }
    if (cause instanceof BadOriginManifest) {
      return Problem.of(
          "origin-manifest-invalid",
          "Bad origin manifest",
          502,
          "The origin's manifest could not be decorated: " + cause.getMessage());
    }
    if (cause instanceof ManifestSource.OriginFailed || cause instanceof java.io.IOException) {
      return Problem.of(
          "origin-unavailable",
          "Origin unavailable",
          502,
          "The origin did not serve the manifest.");
    }
    return unavailable(failure);
  }
}
