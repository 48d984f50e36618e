package org.playhead.chaos.cluster;

/** What the kit did to a node process, and what became of it. */
public enum NodeState {
  /** Launched, not yet serving. */
  STARTING,
  /** Serving (as far as the kit knows: the cluster may have downed it). */
  RUNNING,
  /** SIGSTOP: the process exists but runs no instruction until SIGCONT. */
  FROZEN,
  /** kill -9 by the kit. */
  KILLED,
  /** SIGTERM by the kit: leaving gracefully, or gone. */
  TERMINATED,
  /** The process ended by itself (downed by the cluster, failed to start). */
  EXITED;

  /** Whether the process is gone (it can be restarted). */
  public boolean isDown() {
    return this == KILLED || this == TERMINATED || this == EXITED;
  }
}
