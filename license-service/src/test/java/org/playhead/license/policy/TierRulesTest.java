package org.playhead.license.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.playhead.license.Hdcp;
import org.playhead.license.TrackType;

class TierRulesTest {
  @Test
  void uhdNeedsHardwareAndHdcp22HdNeedsLevel2SdGoesToSoftware() {
    assertEquals(EnumSet.of(TrackType.AUDIO, TrackType.SD), TierRules.allowedTracks(1, Hdcp.V2_2));
    assertEquals(EnumSet.of(TrackType.AUDIO, TrackType.SD), TierRules.allowedTracks(2, Hdcp.NONE));
    assertEquals(
        EnumSet.of(TrackType.AUDIO, TrackType.SD, TrackType.HD),
        TierRules.allowedTracks(2, Hdcp.V2_2));
    assertEquals(
        EnumSet.of(TrackType.AUDIO, TrackType.SD, TrackType.HD),
        TierRules.allowedTracks(5, Hdcp.V2_0));
    assertEquals(EnumSet.allOf(TrackType.class), TierRules.allowedTracks(3, Hdcp.V2_2));
    // A device without digital output satisfies every HDCP requirement.
    assertEquals(
        EnumSet.allOf(TrackType.class), TierRules.allowedTracks(3, Hdcp.NO_DIGITAL_OUTPUT));
  }

  @Test
  void playReadyLevelsMapOntoTheSameScale() {
    assertEquals(1, TierRules.fromPlayReady(150));
    assertEquals(2, TierRules.fromPlayReady(2000));
    assertEquals(3, TierRules.fromPlayReady(3000));
    assertEquals(3000, TierRules.toPlayReady(5));
    assertEquals(150, TierRules.toPlayReady(1));
  }

  @Test
  void theWeakerHdcpIsTheOneThatSatisfiesLess() {
    assertEquals(Hdcp.V1, TierRules.weaker(Hdcp.V2_2, Hdcp.V1));
    assertEquals(Hdcp.V1, TierRules.weaker(Hdcp.V1, Hdcp.NO_DIGITAL_OUTPUT));
    assertEquals(Hdcp.NONE, TierRules.weaker(Hdcp.NONE, Hdcp.V2_2));
  }
}
