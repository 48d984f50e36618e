package org.playhead.chaos.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.MediaTypes;

/**
 * An RFC 9457 problem body ({@code application/problem+json}), with the same stable {@code type}
 * URIs the nodes use, so a client of both switches on one set; {@code errors} lists every invalid
 * field at once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  record FieldError(String field, String message) {}

  static final ContentType PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8).toContentType();

  private static final String BASE = "https://playhead.dev/problems/";

  static Problem of(String slug, String title, int status, String detail) {
    return new Problem(BASE + slug, title, status, detail, null, List.of());
  }

  static Problem invalid(String detail, List<FieldError> errors) {
    return new Problem(BASE + "invalid-request", "Invalid request", 400, detail, null, errors);
  }

  Problem at(String path) {
    return new Problem(type, title, status, detail, path, errors);
  }
}
