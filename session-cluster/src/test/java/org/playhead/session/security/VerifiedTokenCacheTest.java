package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.playhead.session.ManualClock;

/** The verified-token cache must never make a token worth more than verifying it again. */
class VerifiedTokenCacheTest {
  private static final Principal.Player PLAYER =
      new Principal.Player("acc-1", "profile-1", "tv-1", "viewer-1");

  private final ManualClock clock = new ManualClock(1_750_000_000_000L);
  private final SecuritySettings settings = Keys.settings();
  private final TokenMinter minter = new TokenMinter(settings, clock);
  private final TokenVerifier verifier = new TokenVerifier(settings, clock, 100);

  @Test
  void aRememberedTokenStillExpires() {
    String token = minter.mint(PLAYER, Duration.ofMinutes(10));
    assertInstanceOf(Verification.Verified.class, verifier.verify(token, Role.PLAYER));
    assertEquals(1, verifier.cachedTokens());
    clock.advance(Duration.ofMinutes(11));
    var expired =
        assertInstanceOf(Verification.Rejected.class, verifier.verify(token, Role.PLAYER));
    assertEquals(RejectionReason.EXPIRED, expired.reason());
    assertEquals(0, verifier.cachedTokens());
  }

  @Test
  void aRememberedTokenIsStillCheckedForItsRole() {
    String token = minter.mint(PLAYER, Duration.ofMinutes(10));
    verifier.verify(token, Role.PLAYER);
    var refused = assertInstanceOf(Verification.Rejected.class, verifier.verify(token, Role.CARE));
    assertEquals(RejectionReason.WRONG_ROLE, refused.reason());
  }

  @Test
  void aTamperedCopyOfARememberedTokenIsVerifiedAfreshAndRefused() {
    String token = minter.mint(PLAYER, Duration.ofMinutes(10));
    verifier.verify(token, Role.PLAYER);
    String[] parts = token.split("\\.");
    String otherPayload =
        minter.mint(new Principal.Player("acc-2", "profile-1", "tv-1", "x"), Duration.ofMinutes(10))
            .split("\\.")[1];
    String forged = parts[0] + "." + otherPayload + "." + parts[2];
    var refused =
        assertInstanceOf(Verification.Rejected.class, verifier.verify(forged, Role.PLAYER));
    assertEquals(RejectionReason.BAD_SIGNATURE, refused.reason());
  }

  @Test
  void theCacheStaysBounded() {
    for (int i = 0; i < 1_000; i++) {
      String token =
          minter.mint(new Principal.Player("acc-" + i, "p", "d", "v"), Duration.ofMinutes(10));
      assertInstanceOf(Verification.Verified.class, verifier.verify(token, Role.PLAYER));
      assertTrue(verifier.cachedTokens() <= 100, "size " + verifier.cachedTokens());
    }
  }
}
