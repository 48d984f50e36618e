package org.playhead.session.api;

import static org.playhead.session.api.GrpcStatuses.guarded;
import static org.playhead.session.api.GrpcStatuses.ok;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.playhead.protocol.care.v1.Account;
import org.playhead.protocol.care.v1.CareServicePowerApi;
import org.playhead.protocol.care.v1.ChangePlanRequest;
import org.playhead.protocol.care.v1.ChangePlanResponse;
import org.playhead.protocol.care.v1.GetAccountRequest;
import org.playhead.protocol.care.v1.GetSessionRequest;
import org.playhead.protocol.care.v1.GetSessionTimelineRequest;
import org.playhead.protocol.care.v1.RegisterDeviceRequest;
import org.playhead.protocol.care.v1.RegisterDeviceResponse;
import org.playhead.protocol.care.v1.RemoveDeviceRequest;
import org.playhead.protocol.care.v1.RemoveDeviceResponse;
import org.playhead.protocol.care.v1.SignOutAllDevicesRequest;
import org.playhead.protocol.care.v1.SignOutAllDevicesResponse;
import org.playhead.protocol.care.v1.TerminateSessionRequest;
import org.playhead.protocol.care.v1.TerminateSessionResponse;
import org.playhead.protocol.care.v1.Timeline;
import org.playhead.protocol.session.v1.Session;
import org.playhead.session.care.SessionTimeline;
import org.playhead.session.security.GrpcAuth;
import org.playhead.session.security.Principal;
import org.playhead.session.security.Role;

/**
 * The customer-care API over gRPC, for care agents' tokens only: the same {@link CareActions} as
 * {@link CareHttpRoutes}, answered as {@code playhead.care.v1} messages. Every call authenticates
 * first, so a caller without a care token learns nothing about the input it sent.
 */
public final class CareGrpcService implements CareServicePowerApi {
  private final CareActions actions;
  private final GrpcAuth auth;

  public CareGrpcService(SessionGateway gateway, SessionTimeline timelines, GrpcAuth auth) {
    this.actions = new CareActions(gateway, timelines);
    this.auth = auth;
  }

  @Override
  public CompletionStage<Session> getSession(GetSessionRequest in, Metadata metadata) {
    return guarded(
        () -> {
          agent(metadata);
          String id = in.getSessionId();
          return actions
              .session(id)
              .thenApply(reply -> ProtoViews.session(ok(reply, id).session()));
        });
  }

  @Override
  public CompletionStage<Timeline> getSessionTimeline(
      GetSessionTimelineRequest in, Metadata metadata) {
    return guarded(
        () -> {
          agent(metadata);
          String id = in.getSessionId();
          return actions
              .timeline(id)
              .thenApply(
                  found ->
                      found
                          .map(t -> CareProtoViews.timeline(t, actions.maxEventsRead()))
                          .orElseThrow(
                              () -> new RequestRejectedException(CareActions.sessionNotFound(id))));
        });
  }

  @Override
  public CompletionStage<Account> getAccount(GetAccountRequest in, Metadata metadata) {
    return guarded(
        () -> {
          agent(metadata);
          return actions.account(in.getAccountId()).thenApply(CareProtoViews::account);
        });
  }

  @Override
  public CompletionStage<TerminateSessionResponse> terminateSession(
      TerminateSessionRequest in, Metadata metadata) {
    return guarded(
        () -> {
          Principal agent = agent(metadata);
          String id = in.getSessionId();
          return actions
              .terminate(agent, id, in.getWhy(), List.of())
              .thenApply(
                  reply ->
                      TerminateSessionResponse.newBuilder()
                          .setSession(ProtoViews.session(ok(reply, id).session()))
                          .build());
        });
  }

  @Override
  public CompletionStage<SignOutAllDevicesResponse> signOutAllDevices(
      SignOutAllDevicesRequest in, Metadata metadata) {
    return guarded(
        () ->
            actions
                .signOut(agent(metadata), in.getAccountId(), in.getWhy(), List.of())
                .thenApply(
                    reply ->
                        SignOutAllDevicesResponse.newBuilder()
                            .setAccount(accepted(reply))
                            .build()));
  }

  @Override
  public CompletionStage<ChangePlanResponse> changePlan(ChangePlanRequest in, Metadata metadata) {
    return guarded(
        () ->
            actions
                .changePlan(
                    agent(metadata), in.getAccountId(), in.getPlan(), in.getWhy(), List.of())
                .thenApply(
                    reply -> ChangePlanResponse.newBuilder().setAccount(accepted(reply)).build()));
  }

  @Override
  public CompletionStage<RegisterDeviceResponse> registerDevice(
      RegisterDeviceRequest in, Metadata metadata) {
    return guarded(
        () ->
            actions
                .registerDevice(
                    agent(metadata),
                    in.getAccountId(),
                    in.getDeviceId(),
                    in.getDeviceType(),
                    in.getWhy(),
                    List.of())
                .thenApply(
                    reply ->
                        RegisterDeviceResponse.newBuilder().setAccount(accepted(reply)).build()));
  }

  @Override
  public CompletionStage<RemoveDeviceResponse> removeDevice(
      RemoveDeviceRequest in, Metadata metadata) {
    return guarded(
        () ->
            actions
                .removeDevice(
                    agent(metadata), in.getAccountId(), in.getDeviceId(), in.getWhy(), List.of())
                .thenApply(
                    reply ->
                        RemoveDeviceResponse.newBuilder().setAccount(accepted(reply)).build()));
  }

  /** The care agent behind the call; UNAUTHENTICATED or PERMISSION_DENIED otherwise. */
  private Principal agent(Metadata metadata) {
    return auth.authenticate(metadata, Role.CARE);
  }

  /** The account after an action; a refused action is FAILED_PRECONDITION. */
  private static Account accepted(org.playhead.session.Account.CareReply reply) {
    if (!reply.ok()) {
      throw new RequestRejectedException(CareActions.refused(reply));
    }
    return CareProtoViews.account(reply.account());
  }
}
