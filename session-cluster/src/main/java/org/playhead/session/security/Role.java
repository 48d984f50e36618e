package org.playhead.session.security;

import java.util.Locale;

/**
 * Who may call what. Each role has its own signing key and its own token audience, so a key that
 * leaks for one role cannot mint tokens for another.
 */
public enum Role {
  /** A player app, scoped to one account, profile and device. */
  PLAYER,
  /** A customer-care agent: reads and ends any viewer's sessions. */
  CARE,
  /** A site-reliability engineer: operates the cluster; never sees a raw content key. */
  SRE,
  /**
   * A packaging pipeline: the only role that receives raw content keys (to encrypt media), every
   * export audited.
   */
  PACKAGER;

  /** The name used in config ({@code playhead.security.player}) and on the command line. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The environment variable that carries this role's signing key. */
  public String signingKeyVariable() {
    return "PLAYHEAD_" + name() + "_SIGNING_KEY";
  }
}
