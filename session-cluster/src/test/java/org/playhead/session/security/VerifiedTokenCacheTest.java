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

  /** Room for about a hundred tokens (each weighs its length plus the entry's overhead). */
  private static final long CACHE_BYTES = 100L * (500 + TokenVerifier.ENTRY_OVERHEAD_BYTES);

  private final TokenVerifier verifier = new TokenVerifier(settings, clock, CACHE_BYTES);

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
      assertTrue(verifier.cachedTokens() <= 150, "size " + verifier.cachedTokens());
    }
    assertTrue(verifier.cachedTokens() >= 50, "size " + verifier.cachedTokens());
  }

  @Test
  void variantsOfOneTokenAreRefusedAndNeverCached() {
    String token = minter.mint(PLAYER, Duration.ofMinutes(10));
    verifier.verify(token, Role.PLAYER);
    String[] variants = {
      token + "~~~", token + "=", token + "\u00e9", token.replace('.', '~'), flipLastBits(token)
    };
    for (String variant : variants) {
      var refused =
          assertInstanceOf(Verification.Rejected.class, verifier.verify(variant, Role.PLAYER));
      assertEquals(RejectionReason.MALFORMED, refused.reason(), variant);
    }
    assertEquals(1, verifier.cachedTokens());
  }

  /**
   * The same signature bytes spelt another way: a 43-character signature has 2 bits to spare in its
   * last character, which a lenient decoder ignores.
   */
  private static String flipLastBits(String token) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(token.charAt(token.length() - 1));
    return token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);
  }
}
