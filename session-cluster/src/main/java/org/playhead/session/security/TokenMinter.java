package org.playhead.session.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Issues tokens: the dev command uses it, and so can tests. In production an identity service
 * holding the same per-role keys issues them with the same claims.
 */
public final class TokenMinter {
  /** The player's scope, in claims of their own so they can't be confused with {@code sub}. */
  static final String ACCOUNT_CLAIM = "acc";

  static final String PROFILE_CLAIM = "prof";
  static final String DEVICE_CLAIM = "dev";

  private static final JWSHeader HEADER =
      new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

  private final SecuritySettings settings;
  private final Clock clock;
  private final Map<Role, JWSSigner> signers = new EnumMap<>(Role.class);

  public TokenMinter(SecuritySettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    for (Role role : Role.values()) {
      signers.put(role, settings.role(role).key().signer());
    }
  }

  /** A token for {@code principal}, valid from now for {@code ttl}. */
  public String mint(Principal principal, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    Instant now = clock.instant();
    return mint(principal, now, now.plus(ttl));
  }

  /** A token with explicit times; for tests of not-yet-valid and expired tokens. */
  String mint(Principal principal, Instant issuedAt, Instant expiresAt) {
    Role role = principal.role();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(settings.issuer())
            .audience(settings.role(role).audience())
            .subject(principal.subject())
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt))
            .jwtID(UUID.randomUUID().toString());
    if (principal instanceof Principal.Player player) {
      claims
          .claim(ACCOUNT_CLAIM, player.accountId())
          .claim(PROFILE_CLAIM, player.profileId())
          .claim(DEVICE_CLAIM, player.deviceId());
    }
    SignedJWT jwt = new SignedJWT(HEADER, claims.build());
    try {
      jwt.sign(signers.get(role));
    } catch (JOSEException e) {
      throw new IllegalStateException("Signing a " + role + " token failed", e);
    }
    return jwt.serialize();
  }
}
