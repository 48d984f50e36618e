package org.playhead.license.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.playhead.license.Hdcp;
import org.playhead.license.TrackType;
import org.playhead.license.device.DeviceSecurity;

/**
 * Mints and checks license tokens: compact JWS (HS256) with their own key and audience, so that no
 * player, care or SRE token is ever a license token and a leaked role key mints none. Short-lived:
 * a license answer carries a fresh one for the next renewal, for as long as the session is live.
 *
 * <p>HS256 because every license request verifies one (about 2 us, against 800 us for ES256 here);
 * only Playhead nodes hold the key. The algorithm is pinned: the header never chooses it.
 */
public final class LicenseTokens {
  static final String SESSION = "sid";
  static final String ACCOUNT = "acc";
  static final String DEVICE = "dev";
  static final String TITLE = "tid";
  static final String TRACKS = "trk";
  // The certified device (DeviceBinding), present once a certified license was issued.
  static final String DEVICE_CERT = "dcf";
  static final String MODEL_CERT = "mcf";
  static final String LEVEL = "lvl";
  static final String HDCP = "hdcp";
  static final String PLAN = "plan";
  static final String PERSIST = "per";

  /** Our tokens are about 500 characters. */
  static final int MAX_TOKEN_CHARS = 4096;

  private static final JWSHeader HEADER =
      new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Duration clockSkew;
  private final Clock clock;
  private final JWSSigner signer;
  private final JWSVerifier verifier;

  public LicenseTokens(
      byte[] key, String issuer, String audience, Duration ttl, Duration clockSkew, Clock clock) {
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
    this.clockSkew = clockSkew;
    this.clock = clock;
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the license token key is not a valid HS256 key");
    }
  }

  public Duration ttl() {
    return ttl;
  }

  /** When a token minted now expires. */
  public Instant expiryFromNow() {
    return clock.instant().plus(ttl);
  }

  /** A token for {@code claims} (their expiry included). */
  public String mint(LicenseClaims claims) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder set =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(claims.sessionId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(claims.expiresAt()))
            .jwtID(UUID.randomUUID().toString())
            .claim(SESSION, claims.sessionId())
            .claim(ACCOUNT, claims.accountId())
            .claim(DEVICE, claims.deviceId())
            .claim(TITLE, claims.titleId())
            .claim(TRACKS, claims.trackTypes().stream().map(Enum::name).toList())
            .claim(PLAN, claims.plan())
            .claim(PERSIST, claims.persistentAllowed());
    if (claims.device() != null) {
      set.claim(DEVICE_CERT, claims.device().deviceCertificate())
          .claim(MODEL_CERT, claims.device().modelCertificate())
          .claim(LEVEL, claims.device().security().securityLevel())
          .claim(HDCP, claims.device().security().hdcp().name());
    }
    SignedJWT jwt = new SignedJWT(HEADER, set.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Signing a license token failed", e);
    }
    return jwt.serialize();
  }

  /** Checks a token: genuine (our key, issuer, audience), unexpired, with every claim. */
  public TokenCheck verify(String token) {
    if (token == null || token.isBlank()) {
      return new TokenCheck.Invalid(
          TokenCheck.MISSING,
          "A license token is required: Authorization: Bearer <token> or ?token=<token>.",
          null);
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      return invalid("The license token is too long.");
    }
    SignedJWT jwt;
    JWTClaimsSet set;
    try {
      jwt = SignedJWT.parse(token);
      set = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return invalid("The license token is not a signed JWT.");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      return invalid("The license token's algorithm is not accepted.");
    }
    try {
      if (!jwt.verify(verifier)) {
        return invalid("The license token's signature does not verify.");
      }
    } catch (JOSEException e) {
      return invalid("The license token's signature does not verify.");
    }
    if (!issuer.equals(set.getIssuer()) || !List.of(audience).equals(set.getAudience())) {
      return invalid("The token is not a license token of this service.");
    }
    LicenseClaims claims;
    try {
      claims = claims(set);
    } catch (ParseException | RuntimeException e) {
      return invalid("The license token lacks its claims.");
    }
    if (clock.instant().isAfter(claims.expiresAt().plus(clockSkew))) {
      return new TokenCheck.Invalid(
          TokenCheck.EXPIRED, "The license token has expired; start the session again.", claims);
    }
    return new TokenCheck.Valid(claims);
  }

  private static TokenCheck invalid(String detail) {
    return new TokenCheck.Invalid(TokenCheck.INVALID, detail, null);
  }

  private static LicenseClaims claims(JWTClaimsSet set) throws ParseException {
    Set<TrackType> tracks = EnumSet.noneOf(TrackType.class);
    for (String t : set.getStringListClaim(TRACKS)) {
      tracks.add(TrackType.valueOf(t));
    }
    Date exp = set.getExpirationTime();
    if (exp == null) {
      throw new IllegalArgumentException("exp");
    }
    Boolean persist = set.getBooleanClaim(PERSIST);
    // A token without a device certificate proves nothing about the device, whatever else it has
    // (tokens minted before certificates carried the level a start declared).
    String deviceCert = set.getStringClaim(DEVICE_CERT);
    DeviceBinding device =
        deviceCert == null
            ? null
            : new DeviceBinding(
                deviceCert,
                set.getStringClaim(MODEL_CERT),
                new DeviceSecurity(
                    set.getIntegerClaim(LEVEL), Hdcp.valueOf(set.getStringClaim(HDCP))));
    return new LicenseClaims(
        set.getStringClaim(SESSION),
        set.getStringClaim(ACCOUNT),
        set.getStringClaim(DEVICE),
        set.getStringClaim(TITLE),
        tracks,
        device,
        set.getStringClaim(PLAN),
        persist != null && persist,
        exp.toInstant());
  }
}
