package org.playhead.chaos.verify;

/**
 * One event of an account's journal about one of its streams, as the care timeline of that stream
 * shows it ({@code GET /v1/care/sessions/{id}/timeline}, entries of source {@code account}): the
 * verifier reads the journal through the care API, not through the node's classes.
 *
 * @param sequenceNr the event's sequence number in the account's journal (orders the replay)
 * @param atMs when it happened
 * @param kind admitted or ended
 * @param sessionId the stream it is about
 */
public record AccountEntry(long sequenceNr, long atMs, Kind kind, String sessionId) {
  public enum Kind {
    /** {@code admitted}: the account gave the stream a slot. */
    ADMITTED,
    /** {@code stream-ended}: the stream's slot was freed. */
    ENDED
  }

  /** The entry of a care timeline entry's {@code kind}, or null for kinds the replay ignores. */
  static Kind kindOf(String timelineKind) {
    return switch (timelineKind) {
      case "admitted" -> Kind.ADMITTED;
      case "stream-ended" -> Kind.ENDED;
      default -> null;
    };
  }
}
