package org.playhead.license;

import java.util.Locale;
import java.util.Optional;

/**
 * HDCP versions a device's output path guarantees, weakest first. The order is also the ENUMERATED
 * value of the device certificate extension ({@link org.playhead.license.device.DeviceSecurity}):
 * never reorder, only append.
 */
public enum Hdcp {
  NONE,
  V1,
  V2_0,
  V2_2,
  /** No digital output at all (a phone's own screen): satisfies every requirement. */
  NO_DIGITAL_OUTPUT;

  /** Whether a device with this capability may play a key that requires {@code required}. */
  public boolean satisfies(Hdcp required) {
    return this == NO_DIGITAL_OUTPUT || ordinal() >= required.ordinal();
  }

  public static Optional<Hdcp> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
