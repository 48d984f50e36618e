package org.playhead.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.playhead.http.ProblemBody;

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
    String stopReason,
    List<ConflictingStream> streams)
    implements ProblemBody {

  public record FieldError(String field, String message) {}

  /** A stream in the way of a start, with the token that stops it. */
  public record ConflictingStream(
      String sessionId,
      String profileId,
      String deviceId,
      String titleId,
      long startedAtMs,
      String terminationToken,
      long reservedUntilMs) {}

  private static final String BASE = ProblemBody.TYPE_BASE;

  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem(BASE + slug, title, status, detail, null, List.of(), null, null, List.of());
  }

  public static Problem invalid(String detail, List<FieldError> errors) {
    return new Problem(
        BASE + "invalid-request",
        "Invalid request",
        400,
        detail,
        null,
        errors,
        null,
        null,
        List.of());
  }

  @Override
  public Problem at(String path) {
    return new Problem(
        type, title, status, detail, path, errors, sessionState, stopReason, streams);
  }

  public Problem withSession(String state, String reason) {
    return new Problem(type, title, status, detail, instance, errors, state, reason, streams);
  }

  public Problem withStreams(List<ConflictingStream> conflicting) {
    return new Problem(
        type, title, status, detail, instance, errors, sessionState, stopReason, conflicting);
  }
}
