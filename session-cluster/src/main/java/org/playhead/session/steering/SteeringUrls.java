package org.playhead.session.steering;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
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
  private final List<byte[]> keys;

  /**
   * @param key derived from the player role's signing key, so every node signs the same
   */
  public SteeringUrls(byte[] key) {
    this(List.of(key));
  }

  /**
   * @param keys derived from each of the player role's signing keys, the active one first: URLs are
   *     signed with the first and verify with any, so a live session's URLs outlast a rotation
   */
  public SteeringUrls(List<byte[]> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one key");
    }
    this.keys = keys.stream().map(byte[]::clone).toList();
  }

  /** The {@code st} of a session: 128 bits of HMAC-SHA256, base64url. */
  public String token(String sessionId) {
    return token(keys.get(0), sessionId);
  }

  private static String token(byte[] key, String sessionId) {
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
    if (token == null) {
      return false;
    }
    for (byte[] key : keys) {
      if (MessageDigest.isEqual(
          token(key, sessionId).getBytes(StandardCharsets.US_ASCII),
          token.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
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
