package org.playhead.session.api;

import org.apache.pekko.http.javadsl.model.Uri;

/**
 * This server's own base URL as a request reached it ({@code http://host:port}): what makes the
 * URLs players follow absolute. Shaka resolves a steering {@code RELOAD-URI} with {@code new URL()}
 * and fails on a root-relative one, and a player page on another origin cannot use a relative
 * report URL.
 */
final class BaseUrls {
  private BaseUrls() {}

  static String of(Uri uri) {
    return uri.scheme() + "://" + uri.host().address() + (uri.port() > 0 ? ":" + uri.port() : "");
  }
}
