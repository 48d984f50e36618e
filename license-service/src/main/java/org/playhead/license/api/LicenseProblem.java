package org.playhead.license.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.playhead.http.ProblemBody;

/**
 * An RFC 9457 problem body with the reason code a player acts on ({@code reason}, also the last
 * segment of {@code type}), as every license refusal answers. Never carries a key or a token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LicenseProblem(
    String type, String title, int status, String detail, String instance, String reason)
    implements ProblemBody {

  private static final String BASE = ProblemBody.TYPE_BASE;

  public static LicenseProblem of(String reason, String title, int status, String detail) {
    return new LicenseProblem(BASE + reason, title, status, detail, null, reason);
  }

  @Override
  public LicenseProblem at(String path) {
    return new LicenseProblem(type, title, status, detail, path, reason);
  }
}
