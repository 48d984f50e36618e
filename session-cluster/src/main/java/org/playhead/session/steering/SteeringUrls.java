package org.playhead.session.steering;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-session URLs a player follows without its bearer token: the decorated manifests and the
 * DASH/HLS steering server. Players fetch these with plain GETs (no Authorization header on a
 * steering request), so each URL carries {@code st}, an HMAC of the session id: it lets its holder
 * read that session's steering and nothing else, unlike a bearer token in a URL would.
 */
public final class SteeringUrls {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final byte[] key;

  /**
   * @param key derived from the player role's signing key, so every node signs the same
   */
  public SteeringUrls(byte[] key) {
    this.key = key.clone();
  }

  /** The {@code st} of a session: 128 bits of HMAC-SHA256, base64url. */
  public String token(String sessionId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] full = mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8));
      return B64.encodeToString(java.util.Arrays.copyOf(full, 16));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  public boolean verify(String sessionId, String token) {
    return token != null
        && MessageDigest.isEqual(
            token(sessionId).getBytes(StandardCharsets.US_ASCII),
            token.getBytes(StandardCharsets.US_ASCII));
  }

  public String dashManifest(String sessionId) {
    return path(sessionId, "manifest.mpd");
  }

  public String hlsPlaylist(String sessionId) {
    return path(sessionId, "master.m3u8");
  }

  public String dashSteering(String sessionId) {
    return path(sessionId, "dash.json");
  }

  public String hlsSteering(String sessionId) {
    return path(sessionId, "hls.json");
  }

  private String path(String sessionId, String resource) {
    return "/v1/steering/" + sessionId + "/" + resource + "?st=" + token(sessionId);
  }
}
