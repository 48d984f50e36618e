package org.playhead.license;

/** The license formats Playhead issues. */
public enum LicenseFormat {
  /** W3C EME Clear Key: a JWK set of content keys in the clear, for browsers' software CDM. */
  CLEAR_KEY,
  /** Widevine-style policy vocabulary; keys wrapped to the device key; signed. */
  WIDEVINE,
  /** PlayReady-style policy vocabulary; keys wrapped to the device key; signed. */
  PLAYREADY
}
