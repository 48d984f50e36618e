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

  private final SecuritySettings settings;
  private final Clock clock;
  private final Map<Role, JWSSigner> signers = new EnumMap<>(Role.class);
  // Each role's header names its active key, so verifiers pick the key without trying several.
  private final Map<Role, JWSHeader> headers = new EnumMap<>(Role.class);

  public TokenMinter(SecuritySettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    for (Role role : Role.values()) {
      SigningKey active = settings.role(role).key();
      signers.put(role, active.signer());
      headers.put(
          role,
          new JWSHeader.Builder(JWSAlgorithm.HS256)
              .type(JOSEObjectType.JWT)
              .keyID(active.id())
              .build());
    }
  }

  /**
   * A token for {@code principal}, valid from now for {@code ttl}.
   *
   * @throws IllegalArgumentException when {@code ttl} is not positive or longer than the role's
   *     longest token lifetime (verifiers would refuse the token)
   */
  public String mint(Principal principal, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    Duration max = settings.role(principal.role()).maxTokenLifetime();
    if (ttl.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "a " + principal.role().configName() + " token may live at most " + max);
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
    SignedJWT jwt = new SignedJWT(headers.get(role), claims.build());
    try {
      jwt.sign(signers.get(role));
    } catch (JOSEException e) {
      throw new IllegalStateException("Signing a " + role + " token failed", e);
    }
    return jwt.serialize();
  }
}
