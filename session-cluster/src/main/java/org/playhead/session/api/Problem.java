package org.playhead.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem body ({@code application/problem+json}). {@code type} is a stable URI a
 * client can switch on; {@code errors} lists every invalid field at once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors,
    String sessionState,
    String stopReason) {

  public record FieldError(String field, String message) {}

  private static final String BASE = "https://playhead.dev/problems/";

  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem(BASE + slug, title, status, detail, null, List.of(), null, null);
  }

  public static Problem invalid(String detail, List<FieldError> errors) {
    return new Problem(
        BASE + "invalid-request", "Invalid request", 400, detail, null, errors, null, null);
  }

  public Problem at(String path) {
    return new Problem(type, title, status, detail, path, errors, sessionState, stopReason);
  }

  public Problem withSession(String state, String reason) {
    return new Problem(type, title, status, detail, instance, errors, state, reason);
  }
}
