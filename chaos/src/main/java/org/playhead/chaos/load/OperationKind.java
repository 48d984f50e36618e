package org.playhead.chaos.load;

/** What a simulated player asked of the cluster. */
public enum OperationKind {
  /** Start a playback session (the account admits it against its plan). */
  START,
  /** A periodic heartbeat (CMCD {@code e=t}) carrying the playhead. */
  HEARTBEAT,
  /** A play-state report that pauses the session (CMCD {@code sta=a}, {@code e=ps}). */
  PAUSE,
  /**
   * A play-state report that moves the session to playing (CMCD {@code sta=p}, {@code e=ps}): after
   * a pause, and the first report after a start.
   */
  RESUME,
  /** Stop the session (the viewer stopped, or the content ended). */
  STOP
}
