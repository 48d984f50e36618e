package org.playhead.license;

import java.util.Locale;
import java.util.Optional;

/** The kinds of track a title is packaged in, each with its own content key. */
public enum TrackType {
  AUDIO,
  SD,
  HD,
  UHD;

  /** The type named {@code text} (case-insensitive), or empty. */
  public static Optional<TrackType> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
