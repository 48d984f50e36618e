package org.playhead.session;

/** Where a session is in its lifecycle, as reported in views; each live phase is a state type. */
public enum SessionPhase {
  STARTING,
  PLAYING,
  PAUSED,
  REBUFFERING,
  SEEKING,
  STOPPED
}
