package org.playhead.session.security;

import java.util.Objects;

/** Who a verified token speaks for. */
public sealed interface Principal {

  Role role();

  /** The token's {@code sub}: who, for audit. */
  String subject();

  /**
   * A player app. It touches only sessions of its own account, profile and device.
   *
   * @param subject the viewer or app instance the token was issued to
   */
  record Player(String accountId, String profileId, String deviceId, String subject)
      implements Principal {
    public Player {
      requireId(accountId, "accountId");
      requireId(profileId, "profileId");
      requireId(deviceId, "deviceId");
      requireId(subject, "subject");
    }

    @Override
    public Role role() {
      return Role.PLAYER;
    }

    /** Whether a session with these facts is this player's own. */
    public boolean mayAccess(String accountId, String profileId, String deviceId) {
      return this.accountId.equals(accountId)
          && this.profileId.equals(profileId)
          && this.deviceId.equals(deviceId);
    }
  }

  /** A customer-care agent. */
  record CareAgent(String agentId) implements Principal {
    public CareAgent {
      requireId(agentId, "agentId");
    }

    @Override
    public Role role() {
      return Role.CARE;
    }

    @Override
    public String subject() {
      return agentId;
    }
  }

  /** A site-reliability engineer. */
  record Sre(String operatorId) implements Principal {
    public Sre {
      requireId(operatorId, "operatorId");
    }

    @Override
    public Role role() {
      return Role.SRE;
    }

    @Override
    public String subject() {
      return operatorId;
    }
  }

  /** A packaging pipeline (or its operator), the one holder of raw content keys. */
  record Packager(String packagerId) implements Principal {
    public Packager {
      requireId(packagerId, "packagerId");
    }

    @Override
    public Role role() {
      return Role.PACKAGER;
    }

    @Override
    public String subject() {
      return packagerId;
    }
  }

  private static void requireId(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
