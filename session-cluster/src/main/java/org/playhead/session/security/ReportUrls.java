package org.playhead.session.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A session's report URL: where its player posts CMCD v2 event reports without a bearer token.
 * Players take the CMCD event target as a bare URL (dash.js, Shaka and hls.js can add no header to
 * event reports by configuration), so the URL itself is the credential: {@code rt} is the expiry
 * and an HMAC of the session id and that expiry, under a key of its own (derived from the player
 * key with its own label, so a steering signature is never a report signature).
 *
 * <p>It lets its holder post heartbeats for that one session until the session's maximum life has
 * passed, and nothing else. It is a secret like a token: never logged (the path of a request is
 * logged at most, never its query).
 */
public final class ReportUrls {
  /** The query parameter that carries the signature. */
  public static final String PARAMETER = "rt";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String LABEL = "playhead-report-url|";

  private final byte[] key;
  private final Duration maxLife;
  private final Clock clock;

  /**
   * @param key derived from the player role's signing key, so every node signs the same
   * @param maxLife the longest a session lives: a report URL expires that long after its start
   */
  public ReportUrls(byte[] key, Duration maxLife, Clock clock) {
    this.key = key.clone();
    this.maxLife = maxLife;
    this.clock = clock;
  }

  /** When the report URL of a session started at {@code startedAtMs} expires. */
  public long expiresAtMs(long startedAtMs) {
    return (startedAtMs + maxLife.toMillis()) / 1000 * 1000;
  }

  /** The report URL's path and query, e.g. {@code /v1/sessions/s1/heartbeats?rt=...}. */
  public String path(String sessionId, long startedAtMs) {
    long expiresAtSeconds = expiresAtMs(startedAtMs) / 1000;
    return "/v1/sessions/"
        + sessionId
        + "/heartbeats?"
        + PARAMETER
        + "="
        + expiresAtSeconds
        + "."
        + mac(sessionId, expiresAtSeconds);
  }

  /** What a presented {@code rt} says about a session. */
  public enum Check {
    VALID,
    INVALID,
    EXPIRED
  }

  public Check check(String sessionId, String rt) {
    int dot = rt == null ? -1 : rt.indexOf('.');
    if (dot < 1 || dot > 12) {
      return Check.INVALID;
    }
    long expiresAtSeconds;
    try {
      expiresAtSeconds = Long.parseLong(rt.substring(0, dot));
    } catch (NumberFormatException e) {
      return Check.INVALID;
    }
    boolean signed =
        MessageDigest.isEqual(
            mac(sessionId, expiresAtSeconds).getBytes(StandardCharsets.US_ASCII),
            rt.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    if (!signed) {
      return Check.INVALID;
    }
    return clock.millis() < expiresAtSeconds * 1000 ? Check.VALID : Check.EXPIRED;
  }

  /** 128 bits of HMAC-SHA256 over the session id and the expiry, base64url. */
  private String mac(String sessionId, long expiresAtSeconds) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] full =
          mac.doFinal(
              (LABEL + sessionId + "|" + expiresAtSeconds).getBytes(StandardCharsets.UTF_8));
      return B64.encodeToString(Arrays.copyOf(full, 16));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
