package org.playhead.session.api;

import java.time.Duration;
import org.playhead.http.ProblemException;

/**
 * Bad input found at the edge, before any entity is asked. Carries the problem to answer with (the
 * HTTP edge renders it); the gRPC adapter maps its status to the matching gRPC code. A rejection
 * that passes with time (429) also says how long to wait, which HTTP sends as {@code Retry-After}.
 */
public final class RequestRejectedException extends ProblemException {
  private static final long serialVersionUID = 1L;

  public RequestRejectedException(Problem problem) {
    super(problem);
  }

  public RequestRejectedException(Problem problem, Duration retryAfter) {
    super(problem, retryAfter);
  }

  public Problem problem() {
    return (Problem) problemBody();
  }
}
