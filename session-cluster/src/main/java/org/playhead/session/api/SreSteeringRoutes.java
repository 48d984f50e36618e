package org.playhead.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Principal;
import org.playhead.session.security.Role;
import org.playhead.session.steering.NetworkVersion;
import org.playhead.session.steering.NodeSteering;
import org.playhead.steering.Cache;
import org.playhead.steering.CacheMark;
import org.playhead.steering.CacheReport;
import org.playhead.steering.DeliveryNetwork;
import org.playhead.steering.Demotions;
import org.playhead.steering.HealthView;
import org.playhead.steering.NetworkFileException;
import org.playhead.steering.SteeringAnswer;
import org.playhead.steering.SteeringEngine;

/**
 * Operating steering, for SRE tokens only:
 *
 * <pre>
 *   PUT  /v1/sre/steering/network                 the delivery-network file (text): replaces it on
 *                                                 every node, or 400 naming each line at fault
 *   GET  /v1/sre/steering/network                 which network is in use
 *   GET  /v1/sre/steering/caches                  every cache: its report, mark, and whether it can be chosen
 *   POST /v1/sre/steering/caches/{id}/reports     {"healthy", "loadPercent", "titles", "fullCatalog"}
 *   POST /v1/sre/steering/caches/{id}/down        {"why"}: never chosen until marked up
 *   POST /v1/sre/steering/caches/{id}/up          {"why"}
 *   GET  /v1/sre/steering/decide?address=A&amp;titleId=T   what a client at A would get, and why
 * </pre>
 */
public final class SreSteeringRoutes extends JsonRoutes {
  private static final int MAX_TITLES = 200_000;

  private final NodeSteering steering;
  private final HttpAuth auth;
  private final Clock clock;

  public SreSteeringRoutes(NodeSteering steering, HttpAuth auth, Clock clock, long maxBodyBytes) {
    super(maxBodyBytes);
    this.steering = steering;
    this.auth = auth;
    this.clock = clock;
  }

  public Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("sre").slash("steering"),
        () ->
            auth.authenticated(
                Role.SRE,
                sre ->
                    concat(
                        path(
                            "network",
                            () ->
                                concat(
                                    put(() -> replaceNetwork(sre)),
                                    get(() -> complete(json(StatusCodes.OK, network()))))),
                        pathPrefix(
                            "caches",
                            () ->
                                concat(
                                    pathEndOrSingleSlash(
                                        () -> get(() -> complete(json(StatusCodes.OK, caches())))),
                                    pathPrefix(
                                        PathMatchers.segment(),
                                        id ->
                                            concat(
                                                path(
                                                    "reports",
                                                    () -> post(() -> withBody(b -> report(id, b)))),
                                                path(
                                                    "down",
                                                    () ->
                                                        post(
                                                            () ->
                                                                withBody(
                                                                    b -> mark(sre, id, true, b)))),
                                                path(
                                                    "up",
                                                    () ->
                                                        post(
                                                            () ->
                                                                withBody(
                                                                    b ->
                                                                        mark(
                                                                            sre, id, false,
                                                                            b)))))))),
                        path("decide", () -> get(this::decideRoute)))));
  }

  private Route decideRoute() {
    return parameterOptional(
        "address",
        address ->
            parameterOptional("titleId", title -> decide(address.orElse(""), title.orElse(""))));
  }

  // --- the network -----------------------------------------------------------------------------

  record NetworkJson(
      String version,
      long loadedAtMs,
      String loadedBy,
      String originId,
      String originUrl,
      int caches,
      int prefixes) {}

  private NetworkJson network() {
    DeliveryNetwork n = steering.network();
    NetworkVersion v = steering.networkVersion();
    return new NetworkJson(
        n.version(),
        v.loadedAtMs(),
        v.loadedBy(),
        n.origin().id(),
        n.origin().baseUrl(),
        n.caches().size(),
        n.prefixes().prefixCount());
  }

  private Route replaceNetwork(Principal sre) {
    return withSizeLimit(
        steering.settings().maxNetworkBytes(),
        () ->
            entity(
                Unmarshaller.entityToString(),
                text ->
                    onComplete(
                        steering.replaceNetwork(text, sre.subject()),
                        result -> {
                          if (result.isSuccess()) {
                            return complete(json(StatusCodes.OK, network()));
                          }
                          Throwable failure = result.failed().get();
                          Throwable cause =
                              failure instanceof CompletionException ? failure.getCause() : failure;
                          if (cause instanceof NetworkFileException refused) {
                            List<Problem.FieldError> errors = new ArrayList<>();
                            for (NetworkFileException.Fault f : refused.faults()) {
                              errors.add(
                                  new Problem.FieldError(
                                      f.line() > 0 ? "line " + f.line() : "file", f.message()));
                            }
                            return problem(
                                new Problem(
                                    "https://playhead.dev/problems/invalid-network",
                                    "Invalid delivery network",
                                    400,
                                    "The file is refused whole and the network in use stays: "
                                        + refused.getMessage(),
                                    null,
                                    errors,
                                    null,
                                    null,
                                    List.of()));
                          }
                          return problem(unavailable(failure));
                        })));
  }

  // --- caches ----------------------------------------------------------------------------------

  record CacheJson(
      String id,
      String site,
      String tier,
      double capacityGbps,
      String baseUrl,
      int prefixes,
      String status,
      CacheReport report,
      CacheMark mark,
      int recentPlayerFailures) {}

  private List<CacheJson> caches() {
    HealthView view = steering.engine().view();
    DeliveryNetwork n = view.network();
    long now = clock.millis();
    List<CacheJson> out = new ArrayList<>();
    for (int i = 0; i < n.caches().size(); i++) {
      Cache c = n.caches().get(i);
      out.add(
          new CacheJson(
              c.id(),
              c.site(),
              c.tier().fileName(),
              c.capacityGbps(),
              c.baseUrl(),
              c.prefixes().size(),
              view.eligibility(i, null, now).text(),
              view.report(i),
              view.mark(i),
              view.recentFailures(i)));
    }
    return out;
  }

  private Route report(String cacheId, String body) {
    requireCache(cacheId);
    JsonNode json = parseObject(body);
    List<Problem.FieldError> errors = new ArrayList<>();
    JsonFields fields = new JsonFields(json, "", errors);
    if (!fields.has("healthy")) {
      errors.add(new Problem.FieldError("healthy", "is required"));
    }
    boolean healthy = fields.bool("healthy");
    JsonNode load = json.get("loadPercent");
    double loadPercent = -1;
    if (load == null || load.isNull()) {
      errors.add(new Problem.FieldError("loadPercent", "is required"));
    } else if (!load.isNumber() || load.asDouble() < 0 || load.asDouble() > 100) {
      errors.add(new Problem.FieldError("loadPercent", "must be a number from 0 to 100"));
    } else {
      loadPercent = load.asDouble();
    }
    List<String> titles = fields.textList("titles");
    if (titles.size() > MAX_TITLES) {
      errors.add(new Problem.FieldError("titles", "at most " + MAX_TITLES + " titles"));
    } else if (!titles.stream().allMatch(StartInput::isId)) {
      errors.add(new Problem.FieldError("titles", "must be title ids (1-64 of [A-Za-z0-9._:-])"));
    }
    boolean fullCatalog = fields.bool("fullCatalog");
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(Problem.invalid("The cache report is malformed.", errors));
    }
    CacheReport report =
        new CacheReport(cacheId, healthy, loadPercent, titles, fullCatalog, clock.millis());
    return onComplete(
        steering.report(report),
        result ->
            result.isFailure()
                ? problem(unavailable(result.failed().get()))
                : complete(json(StatusCodes.ACCEPTED, report)));
  }

  private Route mark(Principal sre, String cacheId, boolean down, String body) {
    requireCache(cacheId);
    List<Problem.FieldError> errors = new ArrayList<>();
    String why = new JsonFields(parseObject(body), "", errors).text("why");
    if (why.isBlank()) {
      errors.add(new Problem.FieldError("why", "is required"));
    } else if (why.length() > 500) {
      errors.add(new Problem.FieldError("why", "at most 500 characters"));
    }
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(Problem.invalid("The mark is malformed.", errors));
    }
    CacheMark mark = new CacheMark(cacheId, down, why, sre.subject(), clock.millis());
    return onComplete(
        steering.mark(mark),
        result ->
            result.isFailure()
                ? problem(unavailable(result.failed().get()))
                : complete(json(StatusCodes.OK, mark)));
  }

  private void requireCache(String cacheId) {
    if (steering.network().cache(cacheId).isEmpty()) {
      throw new RequestRejectedException(
          Problem.of(
              "cache-not-found",
              "Cache not found",
              404,
              "The delivery network in use has no cache " + cacheId + "."));
    }
  }

  // --- what a client would get -----------------------------------------------------------------

  record DecideJson(
      String address,
      String titleId,
      SteeringAnswer answer,
      List<SteeringEngine.Candidate> candidates) {}

  private Route decide(String address, String titleId) {
    List<Problem.FieldError> errors = new ArrayList<>();
    long now = clock.millis();
    SteeringAnswer answer = null;
    if (!new org.playhead.steering.ClientAddress().parse(address)) {
      errors.add(
          new Problem.FieldError("address", "must be an IPv4 or IPv6 address, without port"));
    }
    if (!titleId.isEmpty() && !StartInput.isId(titleId)) {
      errors.add(new Problem.FieldError("titleId", "must be 1-64 of [A-Za-z0-9._:-]"));
    }
    if (titleId.isEmpty()) {
      errors.add(new Problem.FieldError("titleId", "is required"));
    }
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(Problem.invalid("The query is invalid.", errors));
    }
    answer = steering.decide(address, titleId, Demotions.NONE, now);
    return complete(
        json(
            StatusCodes.OK,
            new DecideJson(
                address, titleId, answer, steering.engine().explain(address, titleId, now))));
  }
}
