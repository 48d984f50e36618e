package org.playhead.chaos.load;

/** CONTRACT FAKE (chaos-cluster branch only). */
public enum OperationKind {
  START,
  HEARTBEAT,
  PAUSE,
  RESUME,
  STOP
}
