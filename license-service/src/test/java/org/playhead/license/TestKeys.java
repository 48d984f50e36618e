package org.playhead.license;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.playhead.license.format.LicenseSigner;
import org.playhead.license.policy.PolicySettings;
import org.playhead.license.token.LicenseClaims;
import org.playhead.license.token.LicenseTokens;
import org.playhead.license.vault.MasterKey;
import org.playhead.license.vault.MasterKeyring;

/** Fresh keys and common fixtures for unit tests: nothing here is a real secret. */
public final class TestKeys {
  private TestKeys() {}

  private static final SecureRandom RANDOM = new SecureRandom();

  public static byte[] random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return b;
  }

  public static MasterKey master(String id) {
    return new MasterKey(id, random(MasterKey.BYTES));
  }

  public static MasterKeyring ring(String id) {
    return new MasterKeyring(master(id), List.of());
  }

  public static ECKey signingKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static LicenseTokens tokens(Clock clock) {
    return new LicenseTokens(
        random(32),
        "playhead",
        "playhead-license",
        Duration.ofMinutes(15),
        Duration.ofSeconds(30),
        clock);
  }

  public static LicenseIssuer issuer(Clock clock) {
    return new LicenseIssuer(
        PolicySettings.defaults(), new LicenseSigner(signingKey("sig-1")), tokens(clock), clock);
  }

  public static ContentKey key(String title, TrackType type) {
    return new ContentKey(title, type, KeyId.of(random(16)), random(16));
  }

  /** A session on a standard plan, entitled to every tier, no offline licenses. */
  public static LicenseClaims claims(String sessionId, Clock clock) {
    return claims(sessionId, EnumSet.allOf(TrackType.class), "standard", false, clock);
  }

  public static LicenseClaims claims(
      String sessionId, Set<TrackType> tracks, String plan, boolean persistent, Clock clock) {
    return new LicenseClaims(
        sessionId,
        "acc-1",
        "tv-1",
        "title-1",
        tracks,
        null,
        plan,
        persistent,
        clock.instant().plus(Duration.ofMinutes(15)));
  }
}
