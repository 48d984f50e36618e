package org.playhead.session;

/**
 * Who caused an account change, for the audit trail: a player, a care agent, an SRE, or the system
 * itself (lease expiry).
 */
public record Initiator(Kind kind, String id) {
  public enum Kind {
    PLAYER,
    CARE,
    SRE,
    SYSTEM
  }

  public static final Initiator SYSTEM = new Initiator(Kind.SYSTEM, "playhead");
}
