package org.playhead.session.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrincipalTest {
  private final Principal.Player player =
      new Principal.Player("acc-1", "profile-1", "tv-1", "viewer-1");

  @Test
  void aPlayerMayAccessOnlyItsOwnAccountProfileAndDevice() {
    assertTrue(player.mayAccess("acc-1", "profile-1", "tv-1"));
    assertFalse(player.mayAccess("acc-2", "profile-1", "tv-1"));
    assertFalse(player.mayAccess("acc-1", "profile-2", "tv-1"));
    assertFalse(player.mayAccess("acc-1", "profile-1", "phone-1"));
    assertFalse(player.mayAccess(null, null, null));
  }

  @Test
  void principalsKnowTheirRoleAndSubject() {
    assertEquals(Role.PLAYER, player.role());
    assertEquals("viewer-1", player.subject());
    assertEquals(Role.CARE, new Principal.CareAgent("agent-7").role());
    assertEquals("agent-7", new Principal.CareAgent("agent-7").subject());
    assertEquals(Role.SRE, new Principal.Sre("oncall-2").role());
    assertEquals("oncall-2", new Principal.Sre("oncall-2").subject());
  }

  @Test
  void blankIdsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Principal.Player(" ", "p", "d", "s"));
    assertThrows(NullPointerException.class, () -> new Principal.Player("a", "p", null, "s"));
    assertThrows(IllegalArgumentException.class, () -> new Principal.CareAgent(""));
    assertThrows(IllegalArgumentException.class, () -> new Principal.Sre(""));
  }
}
