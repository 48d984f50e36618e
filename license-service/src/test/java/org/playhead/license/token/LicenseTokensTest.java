package org.playhead.license.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.playhead.license.Hdcp;
import org.playhead.license.TestKeys;
import org.playhead.license.TrackType;
import org.playhead.license.device.DeviceSecurity;

class LicenseTokensTest {
  final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
  final byte[] key = TestKeys.random(32);
  final LicenseTokens tokens =
      new LicenseTokens(
          key,
          "playhead",
          "playhead-license",
          Duration.ofMinutes(15),
          Duration.ofSeconds(30),
          clock);
  final LicenseClaims claims =
      new LicenseClaims(
          "s-1",
          "acc-1",
          "tv-1",
          "title-1",
          EnumSet.of(TrackType.AUDIO, TrackType.SD),
          null,
          "premium",
          true,
          clock.instant().plus(Duration.ofMinutes(15)));

  @Test
  void aMintedTokenVerifiesWithEveryClaim() {
    TokenCheck check = tokens.verify(tokens.mint(claims));
    assertEquals(claims, assertInstanceOf(TokenCheck.Valid.class, check).claims());
  }

  @Test
  void aRenewalTokenCarriesTheCertifiedDeviceItWasIssuedTo() {
    DeviceBinding binding =
        new DeviceBinding("ab".repeat(32), "cd".repeat(32), new DeviceSecurity(3, Hdcp.V2_2));
    LicenseClaims bound = claims.boundTo(binding);
    TokenCheck.Valid check =
        assertInstanceOf(TokenCheck.Valid.class, tokens.verify(tokens.mint(bound)));
    assertEquals(binding, check.claims().device());
    assertEquals(bound, check.claims());
    // A start's token proves nothing about the device.
    assertNull(
        assertInstanceOf(TokenCheck.Valid.class, tokens.verify(tokens.mint(claims)))
            .claims()
            .device());
  }

  @Test
  void aTamperedForgedOrForeignTokenIsInvalid() throws Exception {
    String token = tokens.mint(claims);
    String[] parts = token.split("\\.");
    String otherPayload =
        tokens.mint(claims.expiringAt(clock.instant().plus(Duration.ofDays(9)))).split("\\.")[1];
    assertInvalid(parts[0] + "." + otherPayload + "." + parts[2], TokenCheck.INVALID);
    assertInvalid(token.substring(0, token.length() - 2) + "xx", TokenCheck.INVALID);
    // Signed with another key, or with no signature at all ("alg":"none").
    LicenseTokens other =
        new LicenseTokens(
            TestKeys.random(32),
            "playhead",
            "playhead-license",
            Duration.ofMinutes(15),
            Duration.ZERO,
            clock);
    assertInvalid(other.mint(claims), TokenCheck.INVALID);
    assertInvalid(
        new PlainJWT(new JWTClaimsSet.Builder().subject("s-1").build()).serialize(),
        TokenCheck.INVALID);
    // Our key, but a player token's audience.
    SignedJWT player =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .issuer("playhead")
                .audience("playhead-player")
                .expirationTime(Date.from(clock.instant().plusSeconds(60)))
                .build());
    player.sign(new MACSigner(key));
    assertInvalid(player.serialize(), TokenCheck.INVALID);
    assertInvalid("not a token", TokenCheck.INVALID);
    assertInvalid("", TokenCheck.MISSING);
    assertInvalid(null, TokenCheck.MISSING);
    assertInvalid("a".repeat(5000), TokenCheck.INVALID);
  }

  @Test
  void anExpiredTokenSaysSoAndStillNamesItsSessionForTheAudit() {
    String token = tokens.mint(claims);
    LicenseTokens later =
        new LicenseTokens(
            key,
            "playhead",
            "playhead-license",
            Duration.ofMinutes(15),
            Duration.ofSeconds(30),
            Clock.offset(clock, Duration.ofMinutes(16)));
    TokenCheck.Invalid expired = assertInstanceOf(TokenCheck.Invalid.class, later.verify(token));
    assertEquals(TokenCheck.EXPIRED, expired.reason());
    assertNotNull(expired.claims());
    assertEquals("s-1", expired.claims().sessionId());
    // Within the clock skew it is still good.
    LicenseTokens skewed =
        new LicenseTokens(
            key,
            "playhead",
            "playhead-license",
            Duration.ofMinutes(15),
            Duration.ofSeconds(30),
            Clock.offset(clock, Duration.ofMinutes(15).plusSeconds(20)));
    assertInstanceOf(TokenCheck.Valid.class, skewed.verify(token));
  }

  private void assertInvalid(String token, String reason) {
    TokenCheck.Invalid invalid = assertInstanceOf(TokenCheck.Invalid.class, tokens.verify(token));
    assertEquals(reason, invalid.reason());
    assertNull(invalid.claims());
  }
}
