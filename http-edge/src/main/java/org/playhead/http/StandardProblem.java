package org.playhead.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A problem with the standard members only: what the edge answers for rejections and failures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StandardProblem(String type, String title, int status, String detail, String instance)
    implements ProblemBody {

  public static StandardProblem of(String slug, String title, int status, String detail) {
    return new StandardProblem(TYPE_BASE + slug, title, status, detail, null);
  }

  @Override
  public StandardProblem at(String path) {
    return new StandardProblem(type, title, status, detail, path);
  }
}
