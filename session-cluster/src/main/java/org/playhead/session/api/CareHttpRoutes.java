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
import org.playhead.session.care.AccountLookup;
import org.playhead.session.care.AccountLookupUpdates;
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
 *   GET  /v1/care/devices/{deviceId}                   the accounts the device is registered on
 *   GET  /v1/care/profiles/{profileId}                 the accounts the profile has streamed on
 * </pre>
 *
 * The device and profile searches read {@link AccountLookup}, which follows the account journal:
 * eventually consistent, a change shows within seconds.
 */
public final class CareHttpRoutes extends JsonRoutes {
  private final CareActions actions;
  private final AccountLookup lookup;
  private final HttpAuth auth;

  public CareHttpRoutes(
      SessionGateway gateway,
      SessionTimeline timelines,
      AccountLookup lookup,
      long maxBodyBytes,
      HttpAuth auth) {
    super(maxBodyBytes);
    this.actions = new CareActions(gateway, timelines);
    this.lookup = lookup;
    this.auth = auth;
  }

  /** A device's accounts: its type and registration time on each. */
  record DeviceAccount(String accountId, String deviceType, long registeredAtMs) {}

  record DeviceAccounts(String deviceId, List<DeviceAccount> accounts) {}

  /** A profile's accounts: the device and start of its latest stream on each. */
  record ProfileAccount(String accountId, String lastDeviceId, long lastStreamAtMs) {}

  record ProfileAccounts(String profileId, List<ProfileAccount> accounts) {}

  public Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("care"),
        () ->
            auth.authenticated(
                Role.CARE,
                agent ->
                    concat(
                        path(
                            PathMatchers.segment("devices").slash(PathMatchers.segment()),
                            id -> get(() -> lookup(AccountLookupUpdates.Kind.DEVICE, id))),
                        path(
                            PathMatchers.segment("profiles").slash(PathMatchers.segment()),
                            id -> get(() -> lookup(AccountLookupUpdates.Kind.PROFILE, id))),
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

  /** The accounts a device or profile id belongs to; 404 when none (yet). */
  private Route lookup(AccountLookupUpdates.Kind kind, String id) {
    String field = kind == AccountLookupUpdates.Kind.DEVICE ? "deviceId" : "profileId";
    if (!StartInput.isId(id)) {
      return problem(
          Problem.invalid(
              field + " must be 1-64 letters, digits or . _ : -",
              List.of(new Problem.FieldError(field, "not an id"))));
    }
    return onComplete(
        lookup.accounts(kind, id),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          List<AccountLookup.Entry> entries = result.get();
          if (entries.isEmpty()) {
            return problem(
                Problem.of(
                    kind.column() + "-not-found",
                    kind == AccountLookupUpdates.Kind.DEVICE
                        ? "No account has this device"
                        : "No account has this profile",
                    404,
                    (kind == AccountLookupUpdates.Kind.DEVICE
                            ? "No account has device " + id + " registered"
                            : "No account has had a stream from profile " + id)
                        + ". The search follows the accounts' journals: a change shows within"
                        + " seconds."));
          }
          Object body =
              kind == AccountLookupUpdates.Kind.DEVICE
                  ? new DeviceAccounts(
                      id,
                      entries.stream()
                          .map(e -> new DeviceAccount(e.accountId(), e.detail(), e.atMs()))
                          .toList())
                  : new ProfileAccounts(
                      id,
                      entries.stream()
                          .map(e -> new ProfileAccount(e.accountId(), e.detail(), e.atMs()))
                          .toList());
          return complete(json(StatusCodes.OK, body));
        });
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
