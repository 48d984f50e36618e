package org.playhead.session.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.playhead.session.api.PlaybackHttpRoutes;
import org.playhead.session.api.Problem;

/**
 * Bearer-token directives for pekko-http routes. A refused request is answered here, with an RFC
 * 9457 problem and an RFC 6750 {@code WWW-Authenticate} challenge, before the inner route runs: it
 * never reaches an entity.
 *
 * <p>Tokens are accepted only in the {@code Authorization} header, not as an {@code access_token}
 * query parameter (RFC 6750 section 2.3): URLs end up in access logs, proxies and browser history.
 * Every player we target can set the header, on heartbeats too (fetch/XHR, Shaka request filters,
 * dash.js request interceptors, native HTTP clients); a stop sent while a page unloads uses {@code
 * fetch(..., {keepalive: true})}, which can carry headers, rather than {@code sendBeacon}, and a
 * lost stop still ends by lease expiry.
 */
public final class HttpAuth extends AllDirectives {
  private static final String REALM = "playhead";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final TokenVerifier verifier;

  public HttpAuth(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** Runs {@code inner} with the caller's principal if it holds a valid token of {@code role}. */
  public Route authenticated(Role role, Function<Principal, Route> inner) {
    return authenticated(EnumSet.of(role), inner);
  }

  /** Runs {@code inner} if the caller holds a valid token of any of {@code roles}. */
  public Route authenticated(Set<Role> roles, Function<Principal, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Verification result = verifier.verifyAuthorization(header.orElse(null), roles);
          if (result instanceof Verification.Verified verified) {
            return inner.apply(verified.principal());
          }
          Verification.Rejected rejected = (Verification.Rejected) result;
          return refuse(rejected.reason(), rejected.detail());
        });
  }

  /**
   * Runs {@code inner} with the verified player token (principal and times) if the caller holds a
   * valid player token: for a start, which the account refuses for a token issued before it signed
   * out every device.
   */
  public Route playerToken(Function<Verification.Verified, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Verification result = verifier.verifyAuthorization(header.orElse(null), Role.PLAYER);
          if (result instanceof Verification.Verified verified) {
            return inner.apply(verified);
          }
          Verification.Rejected rejected = (Verification.Rejected) result;
          return refuse(rejected.reason(), rejected.detail());
        });
  }

  /** Runs {@code inner} with the player's principal if the caller holds a valid player token. */
  public Route player(Function<Principal.Player, Route> inner) {
    return authenticated(Role.PLAYER, principal -> inner.apply((Principal.Player) principal));
  }

  /** A 403 for a valid token reaching outside its scope (another account's session). */
  public Route outOfScope(String detail) {
    return refuse(RejectionReason.OUT_OF_SCOPE, detail);
  }

  /** Completes with the problem response for a refusal. */
  public Route refuse(RejectionReason reason, String detail) {
    return extractUri(uri -> complete(response(reason, detail, uri.path())));
  }

  /** The response for a refusal: a problem body, and a Bearer challenge as RFC 6750 asks. */
  public static HttpResponse response(RejectionReason reason, String detail, String path) {
    Problem problem =
        Problem.of(reason.problemSlug(), reason.title(), reason.httpStatus(), detail).at(path);
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a problem body", e);
    }
    HttpResponse response =
        HttpResponse.create()
            .withStatus(reason.httpStatus())
            .withEntity(PlaybackHttpRoutes.PROBLEM_JSON, body);
    return response.addHeader(RawHeader.create("WWW-Authenticate", challenge(reason)));
  }

  /**
   * Written by hand: RFC 6750 section 3 quotes the error code, which pekko's modeled challenge
   * leaves bare.
   */
  private static String challenge(RejectionReason reason) {
    if (reason == RejectionReason.MISSING) {
      // No credentials at all: RFC 6750 section 3.1 says to send no error code.
      return "Bearer realm=\"" + REALM + "\"";
    }
    String error = reason.forbidden() ? "insufficient_scope" : "invalid_token";
    return "Bearer realm=\"" + REALM + "\", error=\"" + error + "\"";
  }
}
