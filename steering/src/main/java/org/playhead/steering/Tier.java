package org.playhead.steering;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a cache sits relative to the viewer, nearest first, as Open Connect ranks them: a cache
 * embedded in the viewer's ISP, then one at an exchange point (private or public peering), then
 * transit, then a partner CDN. The declaration order is the ranking order.
 */
public enum Tier {
  EMBEDDED,
  EXCHANGE,
  TRANSIT,
  PARTNER;

  /** The name used in the delivery-network file and in answers: lower case. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Tier> fromFileName(String name) {
    for (Tier tier : values()) {
      if (tier.fileName().equals(name)) {
        return Optional.of(tier);
      }
    }
    return Optional.empty();
  }
}
