package org.playhead.session;

/** What an account does when a new stream would exceed its plan. */
public enum EvictionPolicy {
  /** Refuse the new stream and list the streams in the way (the default). */
  BLOCK_NEW,
  /** Stop the stream that started first and admit the new one. */
  EVICT_OLDEST,
  /** Stop the stream that started last and admit the new one. */
  EVICT_NEWEST
}
