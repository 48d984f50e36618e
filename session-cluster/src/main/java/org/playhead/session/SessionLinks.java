package org.playhead.session;

/**
 * What a session tells the entities that keep books about it: its account (the stream slot, renewed
 * while it plays and released when it ends) and its profile's bookmarks (the position at every
 * checkpoint and at the end). Fire-and-forget: a lost renewal or release is covered by the slot's
 * lease, a lost position by the next checkpoint.
 */
public interface SessionLinks {
  void renewSlot(String accountId, String sessionId);

  void releaseSlot(String accountId, String sessionId, StopReason reason, long atMs);

  /**
   * @param observedAtMs when the position was reported (server time), which decides races between
   *     devices
   * @param finished the title played to its end
   */
  void recordPosition(
      SessionFacts facts, String sessionId, long positionMs, long observedAtMs, boolean finished);

  /** For behavior tests that do not involve other entities. */
  SessionLinks NONE =
      new SessionLinks() {
        @Override
        public void renewSlot(String accountId, String sessionId) {}

        @Override
        public void releaseSlot(String accountId, String sessionId, StopReason reason, long atMs) {}

        @Override
        public void recordPosition(
            SessionFacts facts,
            String sessionId,
            long positionMs,
            long observedAtMs,
            boolean finished) {}
      };
}
