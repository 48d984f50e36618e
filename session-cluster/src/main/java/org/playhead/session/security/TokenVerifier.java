package org.playhead.session.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks bearer tokens. It runs on every heartbeat, so everything that can be built once is built
 * in the constructor (one HMAC verifier per role); a call parses the token and computes one HMAC.
 *
 * <p>Why HS256 and not ES256 or EdDSA: on this project's 2-core machine an ES256 verification with
 * the JDK 17 provider took about 800 us and HS256 about 2 us (parse included). The heartbeat budget
 * is 33-35k requests/s per node, which ES256 alone would cut to about 2.5k/s. HMAC means a verifier
 * holds a secret that can also sign; that is contained by giving every role its own key (a leaked
 * player key mints no care or SRE token) and by keys living only in the environment.
 *
 * <p>A token is checked against the key of the role its {@code aud} names. A token whose signature
 * does not verify with that key, whatever it claims, is 401; a genuine token of a role the endpoint
 * does not accept is 403. So a token signed with another role's key is 401 (it is not a valid token
 * of any role), while a genuine care token at a player endpoint is 403.
 */
public final class TokenVerifier {
  /** Our tokens are about 400 characters; anything much longer is not one of them. */
  static final int MAX_TOKEN_CHARS = 4096;

  private final String issuer;
  private final Duration clockSkew;
  private final Clock clock;
  private final Map<Role, JWSVerifier> verifiers = new EnumMap<>(Role.class);
  private final Map<String, Role> roleByAudience = new HashMap<>();

  /**
   * Tokens that verified, by their exact text. A player sends the same token with every heartbeat
   * for up to an hour, and verifying it costs far more than answering the heartbeat (JFR: nimbus's
   * constant-time Base64 decoding alone took about 30% of a node's CPU under heartbeat load). The
   * key is the whole token, signature included, so a hit means these exact bytes verified before;
   * expiry is still checked on every use. Failures are never cached.
   */
  private final ConcurrentHashMap<String, Verification.Verified> verifiedTokens =
      new ConcurrentHashMap<>();

  private final int maxCachedTokens;

  public TokenVerifier(SecuritySettings settings, Clock clock) {
    this(settings, clock, DEFAULT_MAX_CACHED_TOKENS);
  }

  /** Verified tokens kept per node when configuration does not say: about 0.5 KB each. */
  public static final int DEFAULT_MAX_CACHED_TOKENS = 100_000;

  public TokenVerifier(SecuritySettings settings, Clock clock, int maxCachedTokens) {
    this.maxCachedTokens = maxCachedTokens;
    this.issuer = settings.issuer();
    this.clockSkew = settings.clockSkew();
    this.clock = clock;
    for (Role role : Role.values()) {
      verifiers.put(role, settings.role(role).key().verifier());
      roleByAudience.put(settings.role(role).audience(), role);
    }
  }

  /**
   * The token from an {@code Authorization} header value ({@code Bearer <token>}), or null when
   * there is no header or it uses another scheme.
   */
  public static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    return value.substring(7).strip();
  }

  /** Verifies the credentials of an {@code Authorization} header value for {@code expected}. */
  public Verification verifyAuthorization(String authorization, Role expected) {
    return verifyAuthorization(authorization, EnumSet.of(expected));
  }

  /** Verifies an {@code Authorization} header value for any of {@code accepted}. */
  public Verification verifyAuthorization(String authorization, Set<Role> accepted) {
    if (authorization != null && bearerToken(authorization) == null) {
      return rejected(RejectionReason.MISSING, "Use Authorization: Bearer <token>.");
    }
    return verify(bearerToken(authorization), accepted);
  }

  public Verification verify(String token, Role expected) {
    return verify(token, EnumSet.of(expected));
  }

  /** Verifies {@code token} (without the {@code Bearer} prefix) for any of {@code accepted}. */
  public Verification verify(String token, Set<Role> accepted) {
    if (token == null || token.isEmpty()) {
      return rejected(RejectionReason.MISSING, "A bearer token is required.");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      return rejected(RejectionReason.MALFORMED, "The token is too long.");
    }
    Verification.Verified known = verifiedTokens.get(token);
    if (known != null) {
      if (clock.instant().isAfter(known.expiresAt().plus(clockSkew))) {
        verifiedTokens.remove(token);
        return rejected(RejectionReason.EXPIRED, "The token has expired.");
      }
      return accepting(known, accepted);
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return rejected(RejectionReason.MALFORMED, "The token is not a signed JWT.");
    }
    // Pinned: the header never chooses the algorithm (no "none", no RS/HS confusion).
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      return rejected(RejectionReason.MALFORMED, "The token's algorithm is not accepted.");
    }
    List<String> audiences = claims.getAudience();
    if (audiences.size() != 1) {
      return rejected(RejectionReason.MALFORMED, "The token must name exactly one audience.");
    }
    Role role = roleByAudience.get(audiences.get(0));
    if (role == null || !signatureVerifies(jwt, verifiers.get(role))) {
      return rejected(RejectionReason.BAD_SIGNATURE, "The token's signature does not verify.");
    }
    if (!issuer.equals(claims.getIssuer())) {
      return rejected(RejectionReason.INVALID_CLAIMS, "The token is from another issuer.");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    if (exp == null || iat == null) {
      return rejected(RejectionReason.INVALID_CLAIMS, "The token must carry exp and iat.");
    }
    if (now.isAfter(exp.toInstant().plus(clockSkew))) {
      return rejected(RejectionReason.EXPIRED, "The token has expired.");
    }
    Date nbf = claims.getNotBeforeTime();
    Instant latestStart = now.plus(clockSkew);
    if (iat.toInstant().isAfter(latestStart)
        || (nbf != null && nbf.toInstant().isAfter(latestStart))) {
      return rejected(RejectionReason.NOT_YET_VALID, "The token is not valid yet.");
    }
    Principal principal;
    try {
      principal = principal(role, claims);
    } catch (ParseException | IllegalArgumentException | NullPointerException e) {
      return rejected(
          RejectionReason.INVALID_CLAIMS, "The token lacks sub, jti or its role's claims.");
    }
    Verification.Verified verified = new Verification.Verified(principal, exp.toInstant());
    remember(token, verified);
    return accepting(verified, accepted);
  }

  /** A genuine token, for an endpoint that accepts its role or not. */
  private static Verification accepting(Verification.Verified verified, Set<Role> accepted) {
    Role role = verified.principal().role();
    if (!accepted.contains(role)) {
      return rejected(
          RejectionReason.WRONG_ROLE,
          "A " + role.configName() + " token does not grant this; it needs " + names(accepted));
    }
    return verified;
  }

  /** Bounded: when full, expired tokens go first, then an arbitrary tenth. */
  private void remember(String token, Verification.Verified verified) {
    if (maxCachedTokens <= 0) {
      return;
    }
    if (verifiedTokens.size() >= maxCachedTokens) {
      Instant now = clock.instant();
      verifiedTokens.values().removeIf(v -> now.isAfter(v.expiresAt().plus(clockSkew)));
      if (verifiedTokens.size() >= maxCachedTokens) {
        int drop = Math.max(1, maxCachedTokens / 10);
        var keys = verifiedTokens.keySet().iterator();
        while (drop-- > 0 && keys.hasNext()) {
          keys.next();
          keys.remove();
        }
      }
    }
    verifiedTokens.put(token, verified);
  }

  /** How many verified tokens this node remembers (for tests and metrics). */
  public int cachedTokens() {
    return verifiedTokens.size();
  }

  private static boolean signatureVerifies(SignedJWT jwt, JWSVerifier verifier) {
    try {
      return jwt.verify(verifier);
    } catch (JOSEException e) {
      // E.g. a "crit" header we do not understand: not a token we issue.
      return false;
    }
  }

  private static Principal principal(Role role, JWTClaimsSet claims) throws ParseException {
    if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
      throw new IllegalArgumentException("jti");
    }
    String subject = claims.getSubject();
    return switch (role) {
      case PLAYER ->
          new Principal.Player(
              claims.getStringClaim(TokenMinter.ACCOUNT_CLAIM),
              claims.getStringClaim(TokenMinter.PROFILE_CLAIM),
              claims.getStringClaim(TokenMinter.DEVICE_CLAIM),
              subject);
      case CARE -> new Principal.CareAgent(subject);
      case SRE -> new Principal.Sre(subject);
      case PACKAGER -> new Principal.Packager(subject);
    };
  }

  private static String names(Set<Role> roles) {
    return String.join(
        " or ", roles.stream().map(r -> "a " + r.configName() + " token").sorted().toList());
  }

  private static Verification rejected(RejectionReason reason, String detail) {
    return new Verification.Rejected(reason, detail);
  }
}
