package org.playhead.chaos.load;

import java.time.Duration;
import java.time.Instant;

/**
 * CONTRACT FAKE (chaos-cluster branch only), with the helpers the real class has: refusals (stream
 * limit, rate limit) are expected answers, not errors.
 */
public record Operation(
    Instant at,
    Duration latency,
    String sessionId,
    String accountId,
    String node,
    String transport,
    OperationKind kind,
    boolean acknowledged,
    long positionMs,
    String error) {

  public static final String REFUSED_PREFIX = "refused: ";
  public static final String ENDED_PREFIX = "ended by server: ";

  public boolean endedByServer() {
    return !acknowledged && error != null && error.startsWith(ENDED_PREFIX);
  }

  public boolean isError() {
    return !acknowledged && (error == null || !error.startsWith(REFUSED_PREFIX));
  }

  public Instant answeredAt() {
    return at.plus(latency);
  }
}
