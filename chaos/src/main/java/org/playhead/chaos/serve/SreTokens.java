package org.playhead.chaos.serve;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.playhead.devkit.TokenKeys;
import org.playhead.devkit.TokenSettings;

/**
 * Checks the SRE endpoint's bearer tokens with the JWT library, by the nodes' rules: HS256 only,
 * the key of the role the token's one audience names, the nodes' issuer, {@code exp} and {@code
 * iat} within the clock skew, a {@code sub}. A token that does not verify with its role's key is
 * 401; a genuine token of another role (a player's, a care agent's) is 403.
 */
final class SreTokens {
  /** A token's verdict: the SRE it speaks for, or why not (as the nodes' problem slugs). */
  sealed interface Check {}

  record Sre(String operatorId) implements Check {}

  record Refused(int status, String slug, String title, String detail) implements Check {
    boolean forbidden() {
      return status == 403;
    }
  }

  private static final int MAX_TOKEN_CHARS = 4096;

  private final String issuer;
  private final Duration clockSkew;
  private final Clock clock;
  private final Map<String, MACVerifier> verifierByAudience = new HashMap<>();
  private final Map<String, String> roleByAudience = new HashMap<>();

  SreTokens(TokenSettings settings, Duration clockSkew, Clock clock) {
    this.issuer = settings.issuer();
    this.clockSkew = clockSkew;
    this.clock = clock;
    for (String role : TokenKeys.ROLES) {
      TokenSettings.RoleKey key = settings.role(role);
      try {
        verifierByAudience.put(key.audience(), new MACVerifier(key.key()));
      } catch (JOSEException e) {
        throw new IllegalArgumentException("the " + role + " key cannot verify HS256", e);
      }
      roleByAudience.put(key.audience(), role);
    }
  }

  /** Checks an {@code Authorization} header value (null when there is none). */
  Check check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return new Refused(
          401, "token-missing", "Authentication required", "A bearer token is required.");
    }
    String value = authorization.strip();
    if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return new Refused(
          401, "token-missing", "Authentication required", "Use Authorization: Bearer <token>.");
    }
    String token = value.substring(7).strip();
    if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return invalid("token-malformed", "Malformed token", "The token is not one of ours.");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return invalid("token-malformed", "Malformed token", "The token is not a signed JWT.");
    }
    // Pinned: the header never chooses the algorithm.
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      return invalid(
          "token-malformed", "Malformed token", "The token's algorithm is not accepted.");
    }
    List<String> audiences = claims.getAudience();
    MACVerifier verifier = audiences.size() == 1 ? verifierByAudience.get(audiences.get(0)) : null;
    if (verifier == null || !verifies(jwt, verifier)) {
      return invalid("token-invalid", "Invalid token", "The token's signature does not verify.");
    }
    if (!issuer.equals(claims.getIssuer())
        || claims.getSubject() == null
        || claims.getSubject().isBlank()) {
      return invalid("token-invalid", "Invalid token", "The token's claims are not ours.");
    }
    Instant now = clock.instant();
    if (claims.getExpirationTime() == null
        || now.isAfter(claims.getExpirationTime().toInstant().plus(clockSkew))) {
      return invalid("token-expired", "Token expired", "The token has expired.");
    }
    if (claims.getIssueTime() == null
        || claims.getIssueTime().toInstant().isAfter(now.plus(clockSkew))) {
      return invalid("token-not-yet-valid", "Token not yet valid", "The token is not valid yet.");
    }
    String role = roleByAudience.get(audiences.get(0));
    if (!"sre".equals(role)) {
      return new Refused(
          403,
          "wrong-role",
          "Forbidden",
          "A " + role + " token does not grant this; it needs an sre token");
    }
    return new Sre(claims.getSubject());
  }

  private static Refused invalid(String slug, String title, String detail) {
    return new Refused(401, slug, title, detail);
  }

  private static boolean verifies(SignedJWT jwt, MACVerifier verifier) {
    try {
      return jwt.verify(verifier);
    } catch (JOSEException e) {
      return false;
    }
  }
}
