package org.playhead.steering;

import java.util.List;
import java.util.Objects;

/**
 * One cache (an Open Connect appliance, or a partner CDN's edge) as the delivery network declares
 * it.
 *
 * @param id the cache's pathway id in DASH ({@code serviceLocation}) and HLS ({@code PATHWAY-ID})
 *     answers: 1-64 of {@code [A-Za-z0-9._-]}
 * @param site where it stands (an ISP's city, an exchange point), for people
 * @param capacityGbps what it can serve; headroom is measured against it
 * @param baseUrl absolute http(s) URL ending in {@code /}; a title's media is under {@code baseUrl
 *     + titleId + "/"}
 * @param prefixes the client prefixes it serves (its BGP announcements), canonical CIDR text
 */
public record Cache(
    String id, String site, Tier tier, double capacityGbps, String baseUrl, List<String> prefixes) {

  public Cache {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(baseUrl, "baseUrl");
    prefixes = List.copyOf(prefixes);
  }
}
