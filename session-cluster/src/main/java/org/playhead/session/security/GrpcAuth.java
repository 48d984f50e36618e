package org.playhead.session.security;

import io.grpc.Status;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Bearer tokens for the gRPC power API (whose methods receive the call's {@link Metadata}): the
 * {@code authorization} metadata entry, as gRPC clients send it, holds {@code Bearer <token>}.
 * Refusals are {@link GrpcServiceException}s with UNAUTHENTICATED or PERMISSION_DENIED.
 */
public final class GrpcAuth {
  private final TokenVerifier verifier;

  public GrpcAuth(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * The caller's principal and its token's expiry.
   *
   * @throws GrpcServiceException UNAUTHENTICATED or PERMISSION_DENIED
   */
  public Verification.Verified authenticate(Metadata metadata, Set<Role> roles) {
    Verification result =
        verifier.verifyAuthorization(metadata.getText("authorization").orElse(null), roles);
    if (result instanceof Verification.Verified verified) {
      return verified;
    }
    Verification.Rejected rejected = (Verification.Rejected) result;
    throw refusal(rejected.reason(), rejected.detail());
  }

  /**
   * The caller's principal, if it holds a valid token of {@code role}.
   *
   * @throws GrpcServiceException UNAUTHENTICATED or PERMISSION_DENIED
   */
  public Principal authenticate(Metadata metadata, Role role) {
    return authenticate(metadata, EnumSet.of(role)).principal();
  }

  /** The player behind the call, if it holds a valid player token. */
  public Principal.Player player(Metadata metadata) {
    return (Principal.Player) authenticate(metadata, Role.PLAYER);
  }

  /**
   * The refusal of a call to one of our token-checked services (PlaybackService: a player token;
   * CareService: a care token), decided from its headers before its body is read, so that nothing
   * costly (reading, inflating, parsing a message) happens for a caller without valid credentials.
   * Empty when the call may go on; services without our bearer tokens (licenses, reflection) are
   * not checked here.
   */
  public Optional<Status> preCheck(HttpRequest request) {
    String path = request.getUri().path();
    Set<Role> roles;
    if (path.startsWith("/playhead.session.v1.PlaybackService/")) {
      roles = PLAYER;
    } else if (path.startsWith("/playhead.care.v1.CareService/")) {
      roles = CARE;
    } else {
      return Optional.empty();
    }
    Verification result =
        verifier.verifyAuthorization(
            request.getHeader("authorization").map(HttpHeader::value).orElse(null), roles);
    if (result instanceof Verification.Rejected rejected) {
      return Optional.of(
          Status.fromCode(rejected.reason().grpcCode()).withDescription(rejected.detail()));
    }
    return Optional.empty();
  }

  private static final Set<Role> PLAYER = EnumSet.of(Role.PLAYER);
  private static final Set<Role> CARE = EnumSet.of(Role.CARE);

  /** PERMISSION_DENIED for a valid token reaching outside its scope. */
  public static GrpcServiceException outOfScope(String detail) {
    return refusal(RejectionReason.OUT_OF_SCOPE, detail);
  }

  public static GrpcServiceException refusal(RejectionReason reason, String detail) {
    return new GrpcServiceException(Status.fromCode(reason.grpcCode()).withDescription(detail));
  }
}
