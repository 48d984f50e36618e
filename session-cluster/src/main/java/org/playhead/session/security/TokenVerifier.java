package org.playhead.session.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
 *
 * <p>Only the canonical compact serialization is accepted ({@link CompactJws}); the header must
 * name its key ({@code kid}), one of the role's keys, so that keys rotate without downtime: the new
 * key verifies while the old one still does. A token may live at most its role's longest token
 * lifetime ({@code exp - iat}).
 */
public final class TokenVerifier {
  /** Our tokens are about 400 characters; anything much longer is not one of them. */
  static final int MAX_TOKEN_CHARS = 4096;

  private final String issuer;
  private final Duration clockSkew;
  private final Clock clock;
  private final Map<Role, Map<String, JWSVerifier>> verifiers = new EnumMap<>(Role.class);
  private final Map<Role, Duration> maxLifetimes = new EnumMap<>(Role.class);
  private final Map<String, Role> roleByAudience = new HashMap<>();

  /**
   * Tokens that verified, by their exact text. A player sends the same token with every heartbeat
   * for hours, and verifying it costs far more than answering the heartbeat (JFR: nimbus's
   * constant-time Base64 decoding alone took about 30% of a node's CPU under heartbeat load). The
   * key is the whole canonical token, signature included, so a hit means these exact bytes verified
   * before. Bounded by weight (the memory an entry takes), each entry leaves when its token
   * expires, and expiry is still checked on every use. Failures are never cached.
   */
  private final Cache<String, Verification.Verified> verifiedTokens;

  /** Verified tokens kept per node when configuration does not say (about 100,000 tokens). */
  public static final long DEFAULT_CACHE_BYTES = 64L * 1024 * 1024;

  /**
   * What an entry costs beyond its token's characters: the principal and its ids, the cache's node,
   * the map's table slot (measured with a heap histogram: about 0.6 KB per entry with a 400-char
   * token).
   */
  static final int ENTRY_OVERHEAD_BYTES = 200;

  public TokenVerifier(SecuritySettings settings, Clock clock) {
    this(settings, clock, DEFAULT_CACHE_BYTES);
  }

  /**
   * @param maxCacheBytes the verified-token cache's bound, by weight (0 caches nothing)
   */
  public TokenVerifier(SecuritySettings settings, Clock clock, long maxCacheBytes) {
    this.issuer = settings.issuer();
    this.clockSkew = settings.clockSkew();
    this.clock = clock;
    for (Role role : Role.values()) {
      SecuritySettings.RoleKey roleKey = settings.role(role);
      Map<String, JWSVerifier> byId = new HashMap<>();
      roleKey.keys().forEach(key -> byId.put(key.id(), key.verifier()));
      verifiers.put(role, Map.copyOf(byId));
      maxLifetimes.put(role, roleKey.maxTokenLifetime());
      roleByAudience.put(roleKey.audience(), role);
    }
    this.verifiedTokens =
        Caffeine.newBuilder()
            .maximumWeight(maxCacheBytes)
            .weigher(TokenVerifier::weight)
            .expireAfter(new UntilTokenExpiry(clockSkew))
            // The cache's clock is ours, so expiry follows the same clock as the checks.
            .ticker(() -> clock.millis() * 1_000_000)
            .build();
  }

  private static int weight(String token, Verification.Verified verified) {
    return token.length() + verified.principal().subject().length() + ENTRY_OVERHEAD_BYTES;
  }

  /** An entry lives until its token expires, plus the tolerated skew. */
  private record UntilTokenExpiry(Duration clockSkew)
      implements Expiry<String, Verification.Verified> {
    @Override
    public long expireAfterCreate(String token, Verification.Verified verified, long now) {
      long left = verified.expiresAt().plus(clockSkew).toEpochMilli() - now / 1_000_000;
      return Math.max(0, left) * 1_000_000;
    }

    @Override
    public long expireAfterUpdate(
        String token, Verification.Verified verified, long now, long currentDuration) {
      return currentDuration;
    }

    @Override
    public long expireAfterRead(
        String token, Verification.Verified verified, long now, long currentDuration) {
      return currentDuration;
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
    Verification.Verified known = verifiedTokens.getIfPresent(token);
    if (known != null) {
      if (clock.instant().isAfter(known.expiresAt().plus(clockSkew))) {
        verifiedTokens.invalidate(token);
        return rejected(RejectionReason.EXPIRED, "The token has expired.");
      }
      return accepting(known, accepted);
    }
    if (!CompactJws.isCanonicalHs256(token)) {
      return rejected(
          RejectionReason.MALFORMED,
          "The token is not in the canonical JWS compact serialization.");
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
    String keyId = jwt.getHeader().getKeyID();
    if (keyId == null) {
      return rejected(RejectionReason.MALFORMED, "The token's header names no key (kid).");
    }
    Role role = roleByAudience.get(audiences.get(0));
    JWSVerifier verifier = role == null ? null : verifiers.get(role).get(keyId);
    if (verifier == null || !signatureVerifies(jwt, verifier)) {
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
    Duration lifetime = Duration.between(iat.toInstant(), exp.toInstant());
    if (lifetime.compareTo(maxLifetimes.get(role)) > 0) {
      return rejected(
          RejectionReason.INVALID_CLAIMS,
          "The token lives longer than a "
              + role.configName()
              + " token may ("
              + maxLifetimes.get(role)
              + ").");
    }
    Principal principal;
    try {
      principal = principal(role, claims);
    } catch (ParseException | IllegalArgumentException | NullPointerException e) {
      return rejected(
          RejectionReason.INVALID_CLAIMS, "The token lacks sub, jti or its role's claims.");
    }
    Verification.Verified verified =
        new Verification.Verified(principal, exp.toInstant(), iat.toInstant());
    verifiedTokens.put(token, verified);
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

  /** How many verified tokens this node remembers (for tests and metrics). */
  public long cachedTokens() {
    verifiedTokens.cleanUp();
    return verifiedTokens.estimatedSize();
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
