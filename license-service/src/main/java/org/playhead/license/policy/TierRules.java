package org.playhead.license.policy;

import java.util.EnumSet;
import java.util.Set;
import org.playhead.license.Hdcp;
import org.playhead.license.TrackType;

/**
 * Which devices may have the keys of which tier, Widevine-style: audio and SD to any client,
 * software included (security level 1); HD to level 2 and up with HDCP 1.x; UHD only to
 * hardware-secure devices (level 3 and up, PlayReady SL3000) with HDCP 2.2. The HDCP a tier needs
 * is also the output protection its keys carry in a license, for the CDM to enforce.
 */
public final class TierRules {
  private TierRules() {}

  public static final int MIN_LEVEL = 1;
  public static final int MAX_LEVEL = 5;

  /** The lowest security level that may have the track's key. */
  public static int minLevel(TrackType track) {
    return switch (track) {
      case AUDIO, SD -> 1;
      case HD -> 2;
      case UHD -> 3;
    };
  }

  /** The output protection the track's key requires. */
  public static Hdcp requiredHdcp(TrackType track) {
    return switch (track) {
      case AUDIO, SD -> Hdcp.NONE;
      case HD -> Hdcp.V1;
      case UHD -> Hdcp.V2_2;
    };
  }

  public static boolean allows(TrackType track, int securityLevel, Hdcp hdcp) {
    return securityLevel >= minLevel(track) && hdcp.satisfies(requiredHdcp(track));
  }

  /** Every track type a device with this level and HDCP may play. */
  public static Set<TrackType> allowedTracks(int securityLevel, Hdcp hdcp) {
    Set<TrackType> out = EnumSet.noneOf(TrackType.class);
    for (TrackType t : TrackType.values()) {
      if (allows(t, securityLevel, hdcp)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The weaker of two HDCP capabilities: the one that satisfies less. */
  public static Hdcp weaker(Hdcp a, Hdcp b) {
    return a.satisfies(b) ? b : a;
  }

  /** A PlayReady-style level (150, 2000, 3000) as the 1-5 scale: below 2000 is software. */
  public static int fromPlayReady(int level) {
    if (level >= 3000) {
      return 3;
    }
    return level >= 2000 ? 2 : 1;
  }

  public static int toPlayReady(int level) {
    if (level >= 3) {
      return 3000;
    }
    return level == 2 ? 2000 : 150;
  }
}
