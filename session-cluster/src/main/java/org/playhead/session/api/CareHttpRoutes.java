package org.playhead.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.playhead.session.Account;
import org.playhead.session.Initiator;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.StopReason;
import org.playhead.session.care.SessionTimeline;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Principal;
import org.playhead.session.security.Role;

/**
 * The customer-care API, for care agents' tokens only. Reads: a session, an account. Actions:
 * terminate a session, sign out all devices, change the plan, register or remove a device; each
 * needs a {@code why} and is recorded in the account's journal with the agent's id.
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
  private static final int MAX_WHY = 500;

  private final SessionGateway gateway;
  private final SessionTimeline timelines;
  private final HttpAuth auth;

  public CareHttpRoutes(
      SessionGateway gateway, SessionTimeline timelines, long maxBodyBytes, HttpAuth auth) {
    super(maxBodyBytes);
    this.gateway = gateway;
    this.timelines = timelines;
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
    StartInput.requireSessionId(sessionId);
    return onComplete(
        gateway.get(sessionId, null),
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
    StartInput.requireSessionId(sessionId);
    return onComplete(
        timelines.readJson(sessionId),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          return result
              .get()
              .map(timeline -> complete(json(StatusCodes.OK, timeline)))
              .orElseGet(
                  () ->
                      problem(
                          Problem.of(
                              "session-not-found",
                              "Session not found",
                              404,
                              "No session " + sessionId + ".")));
        });
  }

  private Route terminate(Principal agent, String sessionId, String body) {
    StartInput.requireSessionId(sessionId);
    String why = why(body);
    Initiator by = initiator(agent);
    CompletionStage<org.playhead.session.PlaybackSession.Reply> done =
        gateway
            .get(sessionId, null)
            .thenCompose(
                found -> {
                  if (found.outcome() != Outcome.OK || !found.session().isLive()) {
                    return CompletableFuture.completedFuture(found);
                  }
                  String accountId = found.session().facts().accountId();
                  return gateway
                      .careAction(accountId, r -> new Account.Terminate(sessionId, by, why, r))
                      .thenCompose(
                          reply -> {
                            if (!reply.ok()) {
                              // The account no longer holds the slot: end the session itself.
                              gateway.revoke(sessionId, StopReason.REVOKED, why);
                            }
                            return gateway.get(sessionId, null);
                          });
                });
    return onComplete(
        done,
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
    StartInput.requireId("accountId", accountId);
    return onComplete(
        gateway.account(accountId),
        result ->
            result.isFailure()
                ? problem(unavailable(result.failed().get()))
                : complete(json(StatusCodes.OK, CareJson.account(result.get()))));
  }

  private Route signOut(Principal agent, String accountId, String body) {
    StartInput.requireId("accountId", accountId);
    String why = why(body);
    return careAction(accountId, r -> new Account.SignOutAllDevices(initiator(agent), why, r));
  }

  private Route plan(Principal agent, String accountId, String body) {
    StartInput.requireId("accountId", accountId);
    JsonNode json = parseObject(body);
    List<Problem.FieldError> errors = new ArrayList<>();
    String plan = new JsonFields(json, "", errors).text("plan");
    if (plan.isEmpty()) {
      errors.add(new Problem.FieldError("plan", "is required"));
    }
    String why = why(json, errors);
    requireNoErrors(errors);
    return careAction(accountId, r -> new Account.ChangePlan(plan, initiator(agent), why, r));
  }

  private Route registerDevice(Principal agent, String accountId, String body) {
    StartInput.requireId("accountId", accountId);
    JsonNode json = parseObject(body);
    List<Problem.FieldError> errors = new ArrayList<>();
    JsonFields f = new JsonFields(json, "", errors);
    String deviceId = f.text("deviceId");
    if (!StartInput.ID.matcher(deviceId).matches()) {
      errors.add(new Problem.FieldError("deviceId", "must be 1-64 of [A-Za-z0-9._:-]"));
    }
    String type = f.text("deviceType");
    String why = why(json, errors);
    requireNoErrors(errors);
    return careAction(
        accountId,
        r ->
            new Account.RegisterDevice(
                deviceId, type.isEmpty() ? "unknown" : type, initiator(agent), why, r));
  }

  private Route removeDevice(Principal agent, String accountId, String deviceId, String body) {
    StartInput.requireId("accountId", accountId);
    StartInput.requireId("deviceId", deviceId);
    String why = why(body);
    return careAction(accountId, r -> new Account.RemoveDevice(deviceId, initiator(agent), why, r));
  }

  private Route careAction(
      String accountId,
      org.apache.pekko.japi.function.Function<
              org.apache.pekko.actor.typed.ActorRef<Account.CareReply>, Account.Command>
          command) {
    return onComplete(
        gateway.careAction(accountId, command),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          Account.CareReply reply = result.get();
          if (!reply.ok()) {
            return problem(Problem.of("care-action-refused", "Action refused", 409, reply.error()));
          }
          return complete(json(StatusCodes.OK, CareJson.account(reply.account())));
        });
  }

  private String why(String body) {
    List<Problem.FieldError> errors = new ArrayList<>();
    String why = why(parseObject(body), errors);
    requireNoErrors(errors);
    return why;
  }

  /** Every care action says why; the reason is kept with the event. */
  private static String why(JsonNode json, List<Problem.FieldError> errors) {
    String why = new JsonFields(json, "", errors).text("why").strip();
    if (why.isEmpty()) {
      errors.add(new Problem.FieldError("why", "is required: care actions are audited"));
    } else if (why.length() > MAX_WHY) {
      errors.add(new Problem.FieldError("why", "at most " + MAX_WHY + " characters"));
    }
    return why;
  }

  private static void requireNoErrors(List<Problem.FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(
          Problem.invalid("The care request has invalid fields.", errors));
    }
  }

  private static Initiator initiator(Principal agent) {
    return new Initiator(Initiator.Kind.CARE, agent.subject());
  }
}
