package org.playhead.steering;

import java.util.Objects;

/**
 * The fallback every answer ends with: the origin (or a pull-through CDN in front of it), which
 * holds every title and serves every address.
 */
public record Origin(String id, String baseUrl) {
  public Origin {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(baseUrl, "baseUrl");
  }
}
