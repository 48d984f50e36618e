package org.playhead.chaos.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.playhead.chaos.drill.DrillPlan;
import org.playhead.chaos.report.DrillReport;
import org.playhead.chaos.report.ReportJson;
import org.playhead.http.HttpEdge;

/**
 * The SRE endpoint: {@code POST /v1/drills} starts a drill (202 with its id and links), {@code GET
 * /v1/drills} lists drills, {@code GET /v1/drills/{id}} answers its state, progress and, once
 * finished, its report; {@code GET /v1/drills/{id}/report.html} is the report's page. Every call
 * needs an SRE bearer token (checked by {@link SreTokens}, by the nodes' rules); every refusal is
 * an RFC 9457 problem body (rejections and failures too, through the process's {@link HttpEdge})
 * and starts nothing.
 */
public final class SreRoutes extends AllDirectives {
  static final long MAX_BODY_BYTES = 64 * 1024;
  private static final String ID = "[a-zA-Z0-9-]{1,64}";

  private final DrillService drills;
  private final DrillRequests requests;
  private final SreTokens tokens;
  private final ObjectMapper mapper = ReportJson.mapper();

  SreRoutes(DrillService drills, DrillRequests requests, SreTokens tokens) {
    this.drills = drills;
    this.requests = requests;
    this.tokens = tokens;
  }

  /** A drill as the API shows it; the report once there is one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record DrillView(
      String id,
      String state,
      String requestedBy,
      Instant submittedAt,
      Instant finishedAt,
      List<String> progress,
      Map<String, String> links,
      DrillReport report) {}

  public Route routes() {
    Route inner =
        pathPrefix(
            "v1",
            () ->
                pathPrefix(
                    "drills",
                    () ->
                        sre(
                            sre ->
                                concat(
                                    pathEndOrSingleSlash(
                                        () -> concat(post(() -> submit(sre)), get(this::list))),
                                    pathPrefix(
                                        PathMatchers.segment(),
                                        id ->
                                            concat(
                                                pathEndOrSingleSlash(() -> get(() -> status(id))),
                                                path(
                                                    "report.html", () -> get(() -> page(id)))))))));
    return inner;
  }

  /** Runs {@code inner} with the SRE's id, or refuses as the nodes do (with a Bearer challenge). */
  private Route sre(java.util.function.Function<String, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          SreTokens.Check check = tokens.check(header.orElse(null));
          if (check instanceof SreTokens.Sre sre) {
            return inner.apply(sre.operatorId());
          }
          SreTokens.Refused refused = (SreTokens.Refused) check;
          // RFC 6750 section 3: no error code without credentials; quoted codes otherwise.
          String challenge =
              refused.slug().equals("token-missing")
                  ? "Bearer realm=\"playhead\""
                  : "Bearer realm=\"playhead\", error=\""
                      + (refused.forbidden() ? "insufficient_scope" : "invalid_token")
                      + "\"";
          return respondWithHeader(
              RawHeader.create("WWW-Authenticate", challenge),
              () ->
                  problem(
                      Problem.of(
                          refused.slug(), refused.title(), refused.status(), refused.detail())));
        });
  }

  private Route submit(String sre) {
    return extractRequestEntity(
        entity -> {
          String mediaType = entity.getContentType().mediaType().toString();
          if (!mediaType.equals("application/json")) {
            return problem(
                Problem.of(
                    "unsupported-media-type",
                    "Unsupported media type",
                    415,
                    "Send application/json."));
          }
          return withSizeLimit(
              MAX_BODY_BYTES,
              () ->
                  entity(
                      Unmarshaller.entityToString(),
                      body -> {
                        JsonNode json;
                        try {
                          json = body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
                        } catch (JsonProcessingException e) {
                          return problem(
                              Problem.of(
                                  "malformed-json",
                                  "Malformed JSON",
                                  400,
                                  "The body is not valid JSON: " + e.getOriginalMessage()));
                        }
                        if (json == null || !json.isObject()) {
                          return problem(
                              Problem.of(
                                  "malformed-json",
                                  "Malformed JSON",
                                  400,
                                  "The body must be a JSON object."));
                        }
                        DrillPlan plan;
                        try {
                          plan = requests.parse(json);
                        } catch (DrillRequests.Invalid invalid) {
                          return problem(invalid.problem());
                        }
                        try {
                          DrillService.DrillStatus status = drills.submit(plan, sre);
                          String self = "/v1/drills/" + status.id();
                          return respondWithHeader(
                              Location.create(self),
                              () -> json(StatusCodes.ACCEPTED, view(status, null)));
                        } catch (DrillService.Busy busy) {
                          return problem(
                              Problem.of(
                                  "drill-running",
                                  "A drill is running",
                                  409,
                                  "Drill "
                                      + busy.runningId()
                                      + " is running; one drill runs at a time. Try again when it ends."));
                        }
                      }));
        });
  }

  private Route list() {
    List<Map<String, Object>> items =
        drills.list().stream()
            .map(
                s -> {
                  Map<String, Object> item = new LinkedHashMap<>();
                  item.put("id", s.id());
                  item.put("state", s.state());
                  item.put("submittedAt", s.submittedAt());
                  item.put("self", "/v1/drills/" + s.id());
                  return item;
                })
            .toList();
    return json(StatusCodes.OK, Map.of("drills", items));
  }

  private Route status(String id) {
    Optional<DrillService.DrillStatus> status =
        id.matches(ID) ? drills.status(id) : Optional.empty();
    if (status.isEmpty()) {
      return problem(notFound(id));
    }
    DrillReport report =
        "running".equals(status.get().state()) ? null : drills.report(id).orElse(null);
    return json(StatusCodes.OK, view(status.get(), report));
  }

  private Route page(String id) {
    Optional<DrillService.DrillStatus> status =
        id.matches(ID) ? drills.status(id) : Optional.empty();
    if (status.isEmpty()) {
      return problem(notFound(id));
    }
    if ("running".equals(status.get().state())) {
      return problem(
          Problem.of(
              "drill-running",
              "The drill is running",
              409,
              "The report is written when the drill ends."));
    }
    return drills
        .reportPage(id)
        .map(
            file -> {
              try {
                return complete(
                    HttpResponse.create()
                        .withEntity(
                            HttpEntities.create(
                                ContentTypes.TEXT_HTML_UTF8, Files.readAllBytes(file))));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .orElseGet(
            () ->
                problem(
                    Problem.of(
                        "report-missing",
                        "No report",
                        404,
                        "Drill " + id + " ended without a report.")));
  }

  private static DrillView view(DrillService.DrillStatus s, DrillReport report) {
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", "/v1/drills/" + s.id());
    links.put("report", "/v1/drills/" + s.id() + "/report.html");
    return new DrillView(
        s.id(),
        s.state(),
        s.requestedBy(),
        s.submittedAt(),
        s.finishedAt(),
        s.progress().isEmpty() ? null : s.progress(),
        links,
        report);
  }

  private static Problem notFound(String id) {
    return Problem.of(
        "drill-not-found",
        "No such drill",
        404,
        "No drill " + (id.matches(ID) ? id : "with that id") + ".");
  }

  private Route json(org.apache.pekko.http.javadsl.model.StatusCode status, Object body) {
    return complete(
        HttpResponse.create()
            .withStatus(status)
            .withEntity(ContentTypes.APPLICATION_JSON, bytes(body)));
  }

  private static Route problem(Problem problem) {
    return HttpEdge.problem(problem);
  }

  private byte[] bytes(Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON for " + body.getClass(), e);
    }
  }
}
