package org.playhead.session.it.clip;

import java.nio.file.Path;

/** A DASH presentation on disk: a directory with its MPD and the segments the MPD names. */
public record DashClip(Path directory, String manifestName) {
  public Path manifest() {
    return directory.resolve(manifestName);
  }
}
