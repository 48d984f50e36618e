package org.playhead.session;

/** The HDCP version a device's output path guarantees. */
public enum Hdcp {
  NONE,
  V1,
  V2_0,
  V2_2,
  NO_DIGITAL_OUTPUT
}
