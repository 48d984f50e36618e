package org.playhead.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.session.heartbeat.PlayerState;

/** CMCD bodies as the three players post them, line by line. */
class CmcdBodyTest {
  @Test
  void dashJsDefaultReportsWithoutSnOrSidAreUsableAndOrderedByTs() {
    List<HeartbeatInputs.CmcdLine> lines =
        HeartbeatInputs.fromCmcdBody(
            "e=t,ts=1700000002000,v=2\ne=ps,sta=p,ts=1700000001000,v=2\n", "s-1");
    assertEquals(2, lines.size());
    assertEquals(2, lines.get(0).line());
    assertEquals(PlayerState.PLAYING, lines.get(0).report().playerState());
    assertEquals(-1, lines.get(0).report().sequenceNumber());
    assertEquals(1, lines.get(1).line());
  }

  @Test
  void aPlayerSetSidAndKeysInAnyOrderAreAccepted() {
    List<HeartbeatInputs.CmcdLine> lines =
        HeartbeatInputs.fromCmcdBody(
            "v=2,sta=p,sid=\"player-made-up\",sn=3,e=rr,rc=200,url=\"https://c/x\"", "s-1");
    assertTrue(lines.get(0).usable());
    assertEquals(3, lines.get(0).report().sequenceNumber());
  }

  @Test
  void anUnusableLineIsReportedWithoutRefusingTheOthers() {
    List<HeartbeatInputs.CmcdLine> lines =
        HeartbeatInputs.fromCmcdBody("e=t,sn=1,sta=p\ne=t,sn=2,sta=\"p\"\ne=t,sn=3,bl=-5\n", "s-1");
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).usable());
    assertFalse(lines.get(1).usable());
    assertEquals(2, lines.get(1).line());
    assertFalse(lines.get(2).usable());
  }

  @Test
  void aBodyWithoutReportsOrWithTooManyIsRefused() {
    assertThrows(RequestRejectedException.class, () -> HeartbeatInputs.fromCmcdBody("\n\n", "s-1"));
    assertThrows(
        RequestRejectedException.class,
        () -> HeartbeatInputs.fromCmcdBody("e=t\n".repeat(101), "s-1"));
  }
}
