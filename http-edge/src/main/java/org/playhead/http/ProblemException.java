package org.playhead.http;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;

/**
 * A refusal found while answering a request, thrown from anywhere inside a route sealed by {@link
 * HttpEdge}: the edge answers its problem (with {@code Retry-After} when the refusal passes with
 * time, and any other headers it carries). No stack trace: it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ProblemBody problem;
  private final transient Duration retryAfter;
  private final transient List<HttpHeader> headers;

  public ProblemException(ProblemBody problem) {
    this(problem, null, List.of());
  }

  public ProblemException(ProblemBody problem, Duration retryAfter) {
    this(problem, retryAfter, List.of());
  }

  public ProblemException(ProblemBody problem, Duration retryAfter, List<HttpHeader> headers) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfter = retryAfter;
    this.headers = List.copyOf(headers);
  }

  public ProblemBody problemBody() {
    return problem;
  }

  /** How long until the same request may succeed, when the refusal passes with time. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public List<HttpHeader> headers() {
    return headers;
  }
}
