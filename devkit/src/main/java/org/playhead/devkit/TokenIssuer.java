package org.playhead.devkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Issues the node's bearer tokens the way an identity service does, with the JWT library and the
 * shared keys: HS256, {@code iss}, the role's {@code aud}, {@code sub}, {@code iat}, {@code exp}, a
 * fresh {@code jti}, the role key's {@code kid} in the header, and for a player its account,
 * profile and device ({@code acc}, {@code prof}, {@code dev}). Thread-safe.
 */
public final class TokenIssuer {
  /** The player's scope claims, as the node reads them. */
  public static final String ACCOUNT_CLAIM = "acc";

  public static final String PROFILE_CLAIM = "prof";
  public static final String DEVICE_CLAIM = "dev";

  private final TokenSettings settings;
  private final Clock clock;
  private final Map<String, JWSSigner> signers = new HashMap<>();
  private final Map<String, JWSHeader> headers = new HashMap<>();

  public TokenIssuer(TokenSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    for (String role : TokenKeys.ROLES) {
      TokenSettings.RoleKey key = settings.role(role);
      try {
        signers.put(role, new MACSigner(key.key()));
      } catch (JOSEException e) {
        throw new IllegalArgumentException("the " + role + " key cannot sign HS256", e);
      }
      JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT);
      if (key.key().getKeyID() != null) {
        header.keyID(key.key().getKeyID());
      }
      headers.put(role, header.build());
    }
  }

  /** A player app's token, scoped to one account, profile and device. */
  public String player(
      String accountId, String profileId, String deviceId, String subject, Duration ttl) {
    return mint(
        "player",
        subject,
        Map.of(ACCOUNT_CLAIM, accountId, PROFILE_CLAIM, profileId, DEVICE_CLAIM, deviceId),
        ttl);
  }

  /** A customer-care agent's token. */
  public String care(String agentId, Duration ttl) {
    return mint("care", agentId, Map.of(), ttl);
  }

  /** A site-reliability engineer's token. */
  public String sre(String operatorId, Duration ttl) {
    return mint("sre", operatorId, Map.of(), ttl);
  }

  /** A token of {@code role} valid from now for {@code ttl}. */
  public String mint(String role, String subject, Map<String, String> claims, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    Instant now = clock.instant();
    JWTClaimsSet.Builder set =
        new JWTClaimsSet.Builder()
            .issuer(settings.issuer())
            .audience(settings.role(role).audience())
            .subject(subject)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString());
    claims.forEach(set::claim);
    SignedJWT jwt = new SignedJWT(headers.get(role), set.build());
    try {
      jwt.sign(signers.get(role));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a " + role + " token failed", e);
    }
    return jwt.serialize();
  }
}
