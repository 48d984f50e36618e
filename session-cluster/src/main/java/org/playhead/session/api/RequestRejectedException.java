package org.playhead.session.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Bad input found at the edge, before any entity is asked. Carries the problem to answer with; the
 * gRPC adapter maps its status to the matching gRPC code. A rejection that passes with time (429)
 * also says how long to wait, which HTTP sends as {@code Retry-After}.
 */
public final class RequestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;
  private final transient Duration retryAfter;

  public RequestRejectedException(Problem problem) {
    this(problem, null);
  }

  public RequestRejectedException(Problem problem, Duration retryAfter) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  public Problem problem() {
    return problem;
  }

  /** How long until the same request may succeed, when the rejection passes with time. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
