package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Principal.Player PLAYER =
      new Principal.Player("acc-1", "profile-1", "tv-1", "viewer-1");

  private final SecuritySettings settings = Keys.settings();
  private final TokenMinter minter = new TokenMinter(settings, CLOCK);
  private final TokenVerifier verifier = new TokenVerifier(settings, CLOCK);

  static Stream<Principal> principals() {
    return Stream.of(
        PLAYER,
        new Principal.CareAgent("agent-7"),
        new Principal.Sre("oncall-2"),
        new Principal.Packager("packager-1"));
  }

  @ParameterizedTest
  @MethodSource("principals")
  void aMintedTokenVerifiesForItsRole(Principal principal) {
    String token = minter.mint(principal, Duration.ofHours(1));

    var verified =
        assertInstanceOf(Verification.Verified.class, verifier.verify(token, principal.role()));
    assertEquals(principal, verified.principal());
    assertEquals(NOW.plus(Duration.ofHours(1)), verified.expiresAt());
  }

  @Test
  void aTokenCarriesTheAgreedClaims() throws Exception {
    JWTClaimsSet claims =
        SignedJWT.parse(minter.mint(PLAYER, Duration.ofMinutes(5))).getJWTClaimsSet();

    assertEquals("playhead", claims.getIssuer());
    assertEquals(List.of("playhead-player"), claims.getAudience());
    assertEquals("viewer-1", claims.getSubject());
    assertEquals("acc-1", claims.getStringClaim("acc"));
    assertEquals("profile-1", claims.getStringClaim("prof"));
    assertEquals("tv-1", claims.getStringClaim("dev"));
    assertEquals(Date.from(NOW), claims.getIssueTime());
    assertEquals(Date.from(NOW.plusSeconds(300)), claims.getExpirationTime());
    UUID.fromString(claims.getJWTID());
  }

  @Test
  void theHeaderNamesTheSigningKey() throws Exception {
    SignedJWT jwt = SignedJWT.parse(minter.mint(PLAYER, Duration.ofMinutes(5)));
    assertEquals(settings.role(Role.PLAYER).key().id(), jwt.getHeader().getKeyID());
  }

  @Test
  void aTokenWithoutAKeyIdIsMalformed() {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), playerClaims().build());
    try {
      jwt.sign(settings.role(Role.PLAYER).key().signer());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertRejected(RejectionReason.MALFORMED, verifier.verify(jwt.serialize(), Role.PLAYER));
  }

  @Test
  void duringARotationTokensOfTheOldAndTheNewKeyVerify() {
    SigningKey oldKey = settings.role(Role.PLAYER).key();
    SigningKey newKey = SigningKey.parse(Keys.RANDOM_JWK.apply("p2"));
    SecuritySettings rotating = withPlayerKeys(List.of(newKey, oldKey), newKey.id());
    TokenVerifier rotated = new TokenVerifier(rotating, CLOCK);

    String before = minter.mint(PLAYER, Duration.ofHours(1));
    String after = new TokenMinter(rotating, CLOCK).mint(PLAYER, Duration.ofHours(1));

    assertInstanceOf(Verification.Verified.class, rotated.verify(before, Role.PLAYER));
    assertInstanceOf(Verification.Verified.class, rotated.verify(after, Role.PLAYER));
    // Once the old key is dropped, its tokens are refused; nodes not yet rotated refuse new ones.
    TokenVerifier dropped = new TokenVerifier(withPlayerKeys(List.of(newKey), newKey.id()), CLOCK);
    assertRejected(RejectionReason.BAD_SIGNATURE, dropped.verify(before, Role.PLAYER));
    assertRejected(RejectionReason.BAD_SIGNATURE, verifier.verify(after, Role.PLAYER));
  }

  @Test
  void aTokenLivingLongerThanItsRoleAllowsIsRefused() {
    Duration max = settings.role(Role.PLAYER).maxTokenLifetime();
    String tooLong =
        sign(
            Role.PLAYER,
            playerClaims().expirationTime(Date.from(NOW.plus(max).plusSeconds(1))).build(),
            JWSAlgorithm.HS256);
    assertRejected(RejectionReason.INVALID_CLAIMS, verifier.verify(tooLong, Role.PLAYER));
    String longest =
        sign(
            Role.PLAYER,
            playerClaims().expirationTime(Date.from(NOW.plus(max))).build(),
            JWSAlgorithm.HS256);
    assertInstanceOf(Verification.Verified.class, verifier.verify(longest, Role.PLAYER));
    assertThrows(IllegalArgumentException.class, () -> minter.mint(PLAYER, max.plusSeconds(1)));
  }

  @Test
  void theVerifiedTokenSaysWhenItWasIssued() {
    var verified =
        assertInstanceOf(
            Verification.Verified.class,
            verifier.verify(minter.mint(PLAYER, Duration.ofMinutes(5)), Role.PLAYER));
    assertEquals(NOW, verified.issuedAt());
  }

  private SecuritySettings withPlayerKeys(List<SigningKey> keys, String active) {
    java.util.Map<Role, SecuritySettings.RoleKey> roles = new java.util.EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      roles.put(role, settings.role(role));
    }
    roles.put(
        Role.PLAYER,
        new SecuritySettings.RoleKey(
            "playhead-player", keys, active, SecuritySettings.DEFAULT_MAX_TOKEN_LIFETIME));
    return new SecuritySettings("playhead", Duration.ofSeconds(30), roles, Optional.empty());
  }

  @ParameterizedTest
  @MethodSource("principals")
  void aValidTokenOfAnotherRoleIsForbidden(Principal principal) {
    String token = minter.mint(principal, Duration.ofHours(1));
    for (Role other : EnumSet.complementOf(EnumSet.of(principal.role()))) {
      assertRejected(RejectionReason.WRONG_ROLE, verifier.verify(token, other));
      assertEquals(403, RejectionReason.WRONG_ROLE.httpStatus());
    }
  }

  @Test
  void anEndpointMayAcceptSeveralRoles() {
    String care = minter.mint(new Principal.CareAgent("agent-7"), Duration.ofHours(1));
    assertInstanceOf(
        Verification.Verified.class, verifier.verify(care, EnumSet.of(Role.CARE, Role.SRE)));
    assertRejected(
        RejectionReason.WRONG_ROLE,
        verifier.verify(minter.mint(PLAYER, Duration.ofHours(1)), EnumSet.of(Role.CARE, Role.SRE)));
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = minter.mint(PLAYER, NOW.minusSeconds(7200), NOW.minusSeconds(31));
    assertRejected(RejectionReason.EXPIRED, verifier.verify(token, Role.PLAYER));
  }

  @Test
  void expiryWithinTheClockSkewIsTolerated() {
    String token = minter.mint(PLAYER, NOW.minusSeconds(7200), NOW.minusSeconds(29));
    assertInstanceOf(Verification.Verified.class, verifier.verify(token, Role.PLAYER));
  }

  @Test
  void aTokenIssuedInTheFutureIsNotYetValid() {
    String token = minter.mint(PLAYER, NOW.plusSeconds(31), NOW.plusSeconds(3600));
    assertRejected(RejectionReason.NOT_YET_VALID, verifier.verify(token, Role.PLAYER));
    String withinSkew = minter.mint(PLAYER, NOW.plusSeconds(29), NOW.plusSeconds(3600));
    assertInstanceOf(Verification.Verified.class, verifier.verify(withinSkew, Role.PLAYER));
  }

  @Test
  void aTokenWithAFutureNotBeforeIsNotYetValid() {
    String token =
        sign(
            Role.PLAYER,
            playerClaims().notBeforeTime(Date.from(NOW.plusSeconds(120))).build(),
            JWSAlgorithm.HS256);
    assertRejected(RejectionReason.NOT_YET_VALID, verifier.verify(token, Role.PLAYER));
  }

  @Test
  void aTamperedPayloadFailsTheSignature() throws Exception {
    String token = minter.mint(PLAYER, Duration.ofHours(1));
    String[] parts = token.split("\\.");
    JWTClaimsSet other =
        new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
            .claim("acc", "acc-2")
            .build();
    String tampered =
        parts[0]
            + "."
            + Base64URL.encode(other.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertRejected(RejectionReason.BAD_SIGNATURE, verifier.verify(tampered, Role.PLAYER));
  }

  @Test
  void aTamperedSignatureFails() {
    String token = minter.mint(PLAYER, Duration.ofHours(1));
    char last = token.charAt(token.length() - 2);
    String tampered =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);
    assertRejected(RejectionReason.BAD_SIGNATURE, verifier.verify(tampered, Role.PLAYER));
  }

  /** A leaked player key cannot mint a care token: it is not a valid token of any role (401). */
  @Test
  void aTokenSignedWithAnotherRolesKeyIsUnauthenticated() {
    JWTClaimsSet careClaims = baseClaims().audience("playhead-care").subject("agent-evil").build();
    String forged = sign(Role.PLAYER, careClaims, JWSAlgorithm.HS256);

    assertRejected(RejectionReason.BAD_SIGNATURE, verifier.verify(forged, Role.CARE));
    assertRejected(RejectionReason.BAD_SIGNATURE, verifier.verify(forged, Role.PLAYER));
    assertEquals(401, RejectionReason.BAD_SIGNATURE.httpStatus());
  }

  @Test
  void aTokenFromAnotherDeploymentFailsTheSignature() {
    String foreign = new TokenMinter(Keys.settings(), CLOCK).mint(PLAYER, Duration.ofHours(1));
    assertRejected(RejectionReason.BAD_SIGNATURE, verifier.verify(foreign, Role.PLAYER));
  }

  @Test
  void anUnknownAudienceIsRefused() {
    String token =
        sign(Role.PLAYER, playerClaims().audience("someone-else").build(), JWSAlgorithm.HS256);
    assertRejected(RejectionReason.BAD_SIGNATURE, verifier.verify(token, Role.PLAYER));
  }

  @Test
  void aTokenForTwoAudiencesIsRefused() {
    String token =
        sign(
            Role.PLAYER,
            playerClaims().audience(List.of("playhead-player", "playhead-care")).build(),
            JWSAlgorithm.HS256);
    assertRejected(RejectionReason.MALFORMED, verifier.verify(token, Role.PLAYER));
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    String token = sign(Role.PLAYER, playerClaims().issuer("evil").build(), JWSAlgorithm.HS256);
    assertRejected(RejectionReason.INVALID_CLAIMS, verifier.verify(token, Role.PLAYER));
  }

  @Test
  void anotherHmacAlgorithmIsRefusedEvenWithTheRightKey() {
    // HS512 needs 64-byte keys; pad ours to prove the algorithm check, not the key size, refuses.
    JWTClaimsSet claims = playerClaims().build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims);
    try {
      jwt.sign(new MACSigner(new byte[64]));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertRejected(RejectionReason.MALFORMED, verifier.verify(jwt.serialize(), Role.PLAYER));
  }

  @Test
  void anUnsignedTokenIsRefused() {
    String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
    String payload = Base64URL.encode(playerClaims().build().toString()).toString();
    assertRejected(
        RejectionReason.MALFORMED, verifier.verify(header + "." + payload + ".", Role.PLAYER));
  }

  @Test
  void aPlayerTokenWithoutItsScopeIsRefused() {
    String token = sign(Role.PLAYER, playerClaims().claim("dev", null).build(), JWSAlgorithm.HS256);
    assertRejected(RejectionReason.INVALID_CLAIMS, verifier.verify(token, Role.PLAYER));
    String numeric = sign(Role.PLAYER, playerClaims().claim("acc", 42).build(), JWSAlgorithm.HS256);
    assertRejected(RejectionReason.INVALID_CLAIMS, verifier.verify(numeric, Role.PLAYER));
  }

  @Test
  void aTokenWithoutJtiOrExpIsRefused() {
    String noJti = sign(Role.PLAYER, playerClaims().jwtID(null).build(), JWSAlgorithm.HS256);
    assertRejected(RejectionReason.INVALID_CLAIMS, verifier.verify(noJti, Role.PLAYER));
    String noExp =
        sign(Role.PLAYER, playerClaims().expirationTime(null).build(), JWSAlgorithm.HS256);
    assertRejected(RejectionReason.INVALID_CLAIMS, verifier.verify(noExp, Role.PLAYER));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "a.b.c",
        "a.b",
        "....",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
        "bm90IGpzb24.eyJzdWIiOiJ4In0.c2ln",
        "not a token at all"
      })
  void malformedStringsAreRefused(String token) {
    assertRejected(RejectionReason.MALFORMED, verifier.verify(token, Role.PLAYER));
  }

  @Test
  void anOverlongTokenIsRefusedUnparsed() {
    assertRejected(
        RejectionReason.MALFORMED,
        verifier.verify("a".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1), Role.PLAYER));
  }

  @Test
  void missingCredentialsAreMissing() {
    assertRejected(RejectionReason.MISSING, verifier.verify(null, Role.PLAYER));
    assertRejected(RejectionReason.MISSING, verifier.verify("", Role.PLAYER));
    assertRejected(RejectionReason.MISSING, verifier.verifyAuthorization(null, Role.PLAYER));
    assertRejected(
        RejectionReason.MISSING, verifier.verifyAuthorization("Basic dXNlcjpwdw==", Role.PLAYER));
    assertRejected(RejectionReason.MISSING, verifier.verifyAuthorization("Bearer ", Role.PLAYER));
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    String token = minter.mint(PLAYER, Duration.ofHours(1));
    for (String scheme : List.of("Bearer ", "bearer ", "BEARER  ")) {
      assertInstanceOf(
          Verification.Verified.class, verifier.verifyAuthorization(scheme + token, Role.PLAYER));
    }
  }

  @Test
  void noRejectionQuotesTheToken() {
    String token = minter.mint(PLAYER, Duration.ofHours(1));
    var rejected = assertInstanceOf(Verification.Rejected.class, verifier.verify(token, Role.CARE));
    assertFalse(rejected.detail().contains(token.split("\\.")[1]));
    assertFalse(rejected.toString().contains(token.split("\\.")[2]));
  }

  @Test
  void reasonsMapToHttpAndGrpcStatuses() {
    for (RejectionReason reason : RejectionReason.values()) {
      boolean forbidden =
          reason == RejectionReason.WRONG_ROLE || reason == RejectionReason.OUT_OF_SCOPE;
      assertEquals(forbidden ? 403 : 401, reason.httpStatus(), reason.name());
      assertEquals(
          forbidden ? io.grpc.Status.Code.PERMISSION_DENIED : io.grpc.Status.Code.UNAUTHENTICATED,
          reason.grpcCode(),
          reason.name());
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private static JWTClaimsSet.Builder baseClaims() {
    return new JWTClaimsSet.Builder()
        .issuer("playhead")
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(3600)))
        .jwtID(UUID.randomUUID().toString());
  }

  private static JWTClaimsSet.Builder playerClaims() {
    return baseClaims()
        .audience("playhead-player")
        .subject("viewer-1")
        .claim("acc", "acc-1")
        .claim("prof", "profile-1")
        .claim("dev", "tv-1");
  }

  private String sign(Role keyOf, JWTClaimsSet claims, JWSAlgorithm alg) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(settings.role(keyOf).key().id()).build(), claims);
    try {
      jwt.sign(settings.role(keyOf).key().signer());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return jwt.serialize();
  }

  private static void assertRejected(RejectionReason expected, Verification actual) {
    var rejected = assertInstanceOf(Verification.Rejected.class, actual, () -> actual.toString());
    assertEquals(expected, rejected.reason(), rejected.detail());
  }
}
