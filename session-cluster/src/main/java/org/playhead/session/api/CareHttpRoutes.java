package org.playhead.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.playhead.session.Account;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.care.SessionTimeline;
import org.playhead.session.care.TimelineJson;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Principal;
import org.playhead.session.security.Role;

/**
 * The customer-care API, for care agents' tokens only. Reads: a session, an account. Actions:
 * terminate a session, sign out all devices, change the plan, register or remove a device; each
 * needs a {@code why} and is recorded in the account's journal with the agent's id. The checks and
 * actions are {@link CareActions}, shared with {@link CareGrpcService}.
 *
 * <pre>
 *   GET  /v1/care/sessions/{id}
 *   GET  /v1/care/sessions/{id}/timeline
 *   POST /v1/care/sessions/{id}/terminate             {"why"}
 *   GET  /v1/care/accounts/{id}
 *   POST /v1/care/accounts/{id}/sign-out              {"why"}
 *   PUT  /v1/care/accounts/{id}/plan                  {"plan", "why"}
 *   POST /v1/care/accounts/{id}/devices               {"deviceId", "deviceType"?, "why"}
 *   POST /v1/care/accounts/{id}/devices/{d}/remove    {"why"}
 * </pre>
 */
public final class CareHttpRoutes extends JsonRoutes {
  private final CareActions actions;
  private final HttpAuth auth;

  public CareHttpRoutes(
      SessionGateway gateway, SessionTimeline timelines, long maxBodyBytes, HttpAuth auth) {
    super(maxBodyBytes);
    this.actions = new CareActions(gateway, timelines);
    this.auth = auth;
  }

  public Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("care"),
        () ->
            auth.authenticated(
                Role.CARE,
                agent ->
                    concat(
                        pathPrefix(
                            PathMatchers.segment("sessions").slash(PathMatchers.segment()),
                            id ->
                                concat(
                                    pathEndOrSingleSlash(() -> get(() -> session(id))),
                                    path("timeline", () -> get(() -> timeline(id))),
                                    path(
                                        "terminate",
                                        () -> post(() -> withBody(b -> terminate(agent, id, b)))))),
                        pathPrefix(
                            PathMatchers.segment("accounts").slash(PathMatchers.segment()),
                            id ->
                                concat(
                                    pathEndOrSingleSlash(() -> get(() -> account(id))),
                                    path(
                                        "sign-out",
                                        () -> post(() -> withBody(b -> signOut(agent, id, b)))),
                                    path(
                                        "plan", () -> put(() -> withBody(b -> plan(agent, id, b)))),
                                    pathPrefix(
                                        "devices",
                                        () ->
                                            concat(
                                                pathEndOrSingleSlash(
                                                    () ->
                                                        post(
                                                            () ->
                                                                withBody(
                                                                    b ->
                                                                        registerDevice(
                                                                            agent, id, b)))),
                                                path(
                                                    PathMatchers.segment().slash("remove"),
                                                    device ->
                                                        post(
                                                            () ->
                                                                withBody(
                                                                    b ->
                                                                        removeDevice(
                                                                            agent, id, device,
                                                                            b)))))))))));
  }

  private Route session(String sessionId) {
    return onComplete(
        actions.session(sessionId),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          if (result.get().outcome() != Outcome.OK) {
            return problem(ReplyProblems.of(result.get(), sessionId));
          }
          return complete(json(StatusCodes.OK, JsonViews.session(result.get().session())));
        });
  }

  /** What happened to a session, from its journal and its account's. */
  private Route timeline(String sessionId) {
    return onComplete(
        actions.timeline(sessionId),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          return result
              .get()
              .map(
                  timeline ->
                      complete(
                          json(StatusCodes.OK, TimelineJson.of(timeline, actions.maxEventsRead()))))
              .orElseGet(() -> problem(CareActions.sessionNotFound(sessionId)));
        });
  }

  private Route terminate(Principal agent, String sessionId, String body) {
    Body in = body(body);
    return onComplete(
        actions.terminate(agent, sessionId, in.fields().text("why"), in.errors()),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          if (result.get().outcome() != Outcome.OK) {
            return problem(ReplyProblems.of(result.get(), sessionId));
          }
          return complete(json(StatusCodes.OK, JsonViews.session(result.get().session())));
        });
  }

  private Route account(String accountId) {
    return onComplete(
        actions.account(accountId),
        result ->
            result.isFailure()
                ? problem(unavailable(result.failed().get()))
                : complete(json(StatusCodes.OK, CareJson.account(result.get()))));
  }

  private Route signOut(Principal agent, String accountId, String body) {
    Body in = body(body);
    return careAction(actions.signOut(agent, accountId, in.fields().text("why"), in.errors()));
  }

  private Route plan(Principal agent, String accountId, String body) {
    Body in = body(body);
    String plan = in.fields().text("plan");
    return careAction(
        actions.changePlan(agent, accountId, plan, in.fields().text("why"), in.errors()));
  }

  private Route registerDevice(Principal agent, String accountId, String body) {
    Body in = body(body);
    String deviceId = in.fields().text("deviceId");
    String type = in.fields().text("deviceType");
    return careAction(
        actions.registerDevice(
            agent, accountId, deviceId, type, in.fields().text("why"), in.errors()));
  }

  private Route removeDevice(Principal agent, String accountId, String deviceId, String body) {
    Body in = body(body);
    return careAction(
        actions.removeDevice(agent, accountId, deviceId, in.fields().text("why"), in.errors()));
  }

  private Route careAction(CompletionStage<Account.CareReply> pending) {
    return onComplete(
        pending,
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          Account.CareReply reply = result.get();
          if (!reply.ok()) {
            return problem(CareActions.refused(reply));
          }
          return complete(json(StatusCodes.OK, CareJson.account(reply.account())));
        });
  }

  /** A JSON object body, read field by field; bad fields are collected in {@code errors}. */
  private record Body(JsonFields fields, List<Problem.FieldError> errors) {}

  private Body body(String body) {
    JsonNode json = parseObject(body);
    List<Problem.FieldError> errors = new ArrayList<>();
    return new Body(new JsonFields(json, "", errors), errors);
  }
}
