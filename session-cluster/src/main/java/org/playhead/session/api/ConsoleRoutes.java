package org.playhead.session.api;

import java.util.EnumSet;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Principal;
import org.playhead.session.security.Role;

/**
 * The browser console for care agents and SREs: static assets built from {@code src/main/console}
 * at build time and served from the classpath, plus the one call the console makes before any
 * other, {@code GET /v1/operators/me}, which says whose token it holds.
 *
 * <pre>
 *   GET /console/               the console's page (hash routes inside: #/care/..., #/sre/...)
 *   GET /console/{asset}        its script, styles, icons
 *   GET /v1/operators/me        a care or SRE token's role and subject ({"role": "care", ...})
 * </pre>
 *
 * The page holds no secret and no data: everything it shows comes from the care and SRE APIs under
 * the token the operator pasted. Its Content-Security-Policy allows scripts, styles and requests
 * from this origin only, so an injected string can neither run nor send data away.
 */
public final class ConsoleRoutes extends JsonRoutes {
  /** Where the build puts the assets on the classpath (see session-cluster's pom). */
  static final String ASSETS = "playhead-console";

  private static final List<HttpHeader> HEADERS =
      List.of(
          RawHeader.create(
              "Content-Security-Policy",
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                  + " connect-src 'self'; base-uri 'none'; form-action 'none';"
                  + " frame-ancestors 'none'"),
          RawHeader.create("X-Content-Type-Options", "nosniff"),
          RawHeader.create("Referrer-Policy", "no-referrer"),
          // Assets are rebuilt with the node: revalidate rather than serve a stale console.
          RawHeader.create("Cache-Control", "no-cache"));

  /** Who a console's token speaks for: enough to show the right pages, nothing secret. */
  record OperatorJson(String role, String subject) {}

  private final HttpAuth auth;

  public ConsoleRoutes(HttpAuth auth, long maxBodyBytes) {
    super(maxBodyBytes);
    this.auth = auth;
  }

  public Route routes() {
    return concat(
        pathPrefix(
            "console",
            () ->
                get(
                    () ->
                        concat(
                            pathEnd(
                                () ->
                                    redirect(
                                        Uri.create("/console/"), StatusCodes.PERMANENT_REDIRECT)),
                            respondWithHeaders(
                                HEADERS,
                                () ->
                                    concat(
                                        pathSingleSlash(
                                            () -> getFromResource(ASSETS + "/index.html")),
                                        getFromResourceDirectory(ASSETS)))))),
        path(
            PathMatchers.segment("v1").slash("operators").slash("me"),
            () ->
                get(
                    () ->
                        auth.authenticated(
                            EnumSet.of(Role.CARE, Role.SRE),
                            operator -> complete(json(StatusCodes.OK, operator(operator)))))));
  }

  private static OperatorJson operator(Principal principal) {
    return new OperatorJson(principal.role().configName(), principal.subject());
  }
}
