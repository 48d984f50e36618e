package org.playhead.chaos.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.playhead.http.ProblemBody;

/**
 * An RFC 9457 problem body ({@code application/problem+json}), with the same stable {@code type}
 * URIs the nodes use, so a client of both switches on one set; {@code errors} lists every invalid
 * field at once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Problem(
    String type, String title, int status, String detail, String instance, List<FieldError> errors)
    implements ProblemBody {

  record FieldError(String field, String message) {}

  static Problem of(String slug, String title, int status, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, null, List.of());
  }

  static Problem invalid(String detail, List<FieldError> errors) {
    return new Problem(TYPE_BASE + "invalid-request", "Invalid request", 400, detail, null, errors);
  }

  @Override
  public Problem at(String path) {
    return new Problem(type, title, status, detail, path, errors);
  }
}
