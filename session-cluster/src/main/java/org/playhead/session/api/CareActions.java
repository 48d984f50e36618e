package org.playhead.session.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.playhead.session.Account;
import org.playhead.session.Initiator;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;
import org.playhead.session.StopReason;
import org.playhead.session.care.SessionTimeline;
import org.playhead.session.care.Timeline;
import org.playhead.session.security.Principal;

/**
 * Customer care as both adapters (HTTP JSON and gRPC) see it: the checks on a request, the agent as
 * the audit trail names it, and each action as asks to the entities. Bad input throws {@link
 * RequestRejectedException} before any entity is asked, listing every bad field at once (the
 * adapter passes the fields it already found bad while reading its request); the adapters map the
 * replies to their own shapes.
 */
final class CareActions {
  static final int MAX_WHY = 500;

  private final SessionGateway gateway;
  private final SessionTimeline timelines;

  CareActions(SessionGateway gateway, SessionTimeline timelines) {
    this.gateway = gateway;
    this.timelines = timelines;
  }

  int maxEventsRead() {
    return timelines.settings().maxEventsRead();
  }

  /** A session as it is, for a trusted caller. */
  CompletionStage<Reply> session(String sessionId) {
    StartInput.requireSessionId(sessionId);
    return gateway.get(sessionId, null);
  }

  /** What happened to a session; empty when it never existed. */
  CompletionStage<Optional<Timeline>> timeline(String sessionId) {
    StartInput.requireSessionId(sessionId);
    return timelines.read(sessionId);
  }

  CompletionStage<Account.AccountView> account(String accountId) {
    StartInput.requireId("accountId", accountId);
    return gateway.account(accountId);
  }

  /**
   * Ends a live session through its account, so the slot frees with it; if the account no longer
   * holds the slot, ends the session itself. Answers the session afterwards (an ended session as it
   * is).
   */
  CompletionStage<Reply> terminate(
      Principal agent, String sessionId, String why, List<Problem.FieldError> found) {
    List<Problem.FieldError> errors = new ArrayList<>(found);
    StartInput.requireId("sessionId", sessionId, errors);
    String reason = why(why, errors);
    requireNoErrors(errors);
    Initiator by = initiator(agent);
    return gateway
        .get(sessionId, null)
        .thenCompose(
            current -> {
              if (current.outcome() != Outcome.OK || !current.session().isLive()) {
                return CompletableFuture.completedFuture(current);
              }
              String accountId = current.session().facts().accountId();
              return gateway
                  .careAction(accountId, r -> new Account.Terminate(sessionId, by, reason, r))
                  .thenCompose(
                      reply -> {
                        if (!reply.ok()) {
                          // The account no longer holds the slot: end the session itself.
                          gateway.revoke(sessionId, StopReason.REVOKED, reason);
                        }
                        return gateway.get(sessionId, null);
                      });
            });
  }

  CompletionStage<Account.CareReply> signOut(
      Principal agent, String accountId, String why, List<Problem.FieldError> found) {
    List<Problem.FieldError> errors = new ArrayList<>(found);
    StartInput.requireId("accountId", accountId, errors);
    String reason = why(why, errors);
    requireNoErrors(errors);
    return gateway.careAction(
        accountId, r -> new Account.SignOutAllDevices(initiator(agent), reason, r));
  }

  CompletionStage<Account.CareReply> changePlan(
      Principal agent, String accountId, String plan, String why, List<Problem.FieldError> found) {
    List<Problem.FieldError> errors = new ArrayList<>(found);
    StartInput.requireId("accountId", accountId, errors);
    if (plan == null || plan.isEmpty()) {
      errors.add(new Problem.FieldError("plan", "is required"));
    }
    String reason = why(why, errors);
    requireNoErrors(errors);
    return gateway.careAction(
        accountId, r -> new Account.ChangePlan(plan, initiator(agent), reason, r));
  }

  /**
   * @param deviceType empty means {@code unknown}
   */
  CompletionStage<Account.CareReply> registerDevice(
      Principal agent,
      String accountId,
      String deviceId,
      String deviceType,
      String why,
      List<Problem.FieldError> found) {
    List<Problem.FieldError> errors = new ArrayList<>(found);
    StartInput.requireId("accountId", accountId, errors);
    StartInput.requireId("deviceId", deviceId, errors);
    String type = deviceType == null || deviceType.isEmpty() ? "unknown" : deviceType;
    String reason = why(why, errors);
    requireNoErrors(errors);
    return gateway.careAction(
        accountId, r -> new Account.RegisterDevice(deviceId, type, initiator(agent), reason, r));
  }

  CompletionStage<Account.CareReply> removeDevice(
      Principal agent,
      String accountId,
      String deviceId,
      String why,
      List<Problem.FieldError> found) {
    List<Problem.FieldError> errors = new ArrayList<>(found);
    StartInput.requireId("accountId", accountId, errors);
    StartInput.requireId("deviceId", deviceId, errors);
    String reason = why(why, errors);
    requireNoErrors(errors);
    return gateway.careAction(
        accountId, r -> new Account.RemoveDevice(deviceId, initiator(agent), reason, r));
  }

  /** An action the account refused (an unknown plan or device, the device limit): 409. */
  static Problem refused(Account.CareReply reply) {
    return Problem.of("care-action-refused", "Action refused", 409, reply.error());
  }

  static Problem sessionNotFound(String sessionId) {
    return Problem.of(
        "session-not-found", "Session not found", 404, "No session " + sessionId + ".");
  }

  /** Every care action says why; the reason is kept with the event. */
  static String why(String why, List<Problem.FieldError> errors) {
    String stripped = why == null ? "" : why.strip();
    if (stripped.isEmpty()) {
      errors.add(new Problem.FieldError("why", "is required: care actions are audited"));
    } else if (stripped.length() > MAX_WHY) {
      errors.add(new Problem.FieldError("why", "at most " + MAX_WHY + " characters"));
    }
    return stripped;
  }

  /** The agent behind a care action, as the account's journal records it. */
  static Initiator initiator(Principal agent) {
    return new Initiator(Initiator.Kind.CARE, agent.subject());
  }

  private static void requireNoErrors(List<Problem.FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new RequestRejectedException(
          Problem.invalid("The care request has invalid fields.", errors));
    }
  }
}
