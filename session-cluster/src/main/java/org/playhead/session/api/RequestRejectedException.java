package org.playhead.session.api;

/**
 * Bad input found at the edge, before any entity is asked. Carries the problem to answer with; the
 * gRPC adapter maps its status to the matching gRPC code.
 */
public final class RequestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public RequestRejectedException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
