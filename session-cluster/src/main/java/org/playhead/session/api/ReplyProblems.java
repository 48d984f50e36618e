package org.playhead.session.api;

import java.util.Locale;
import org.playhead.session.PlaybackSession.Reply;

/** Maps an entity's refusal to the problem a client sees (and, through its status, to gRPC). */
final class ReplyProblems {
  private ReplyProblems() {}

  static Problem of(Reply reply, String sessionId) {
    return switch (reply.outcome()) {
      case NOT_FOUND ->
          Problem.of(
              "session-not-found", "Session not found", 404, "No session " + sessionId + ".");
      case CONFLICT -> Problem.of("session-conflict", "Session conflict", 409, reply.detail());
      case ENDED ->
          Problem.of("session-ended", "Session has ended", 409, reply.detail())
              .withSession(
                  "STOPPED",
                  reply.session() == null || reply.session().stopReason() == null
                      ? null
                      : reply.session().stopReason().name().toLowerCase(Locale.ROOT));
      case FORBIDDEN ->
          Problem.of(
              "out-of-scope",
              "Forbidden",
              403,
              "This token may not touch session " + sessionId + ".");
      case THROTTLED ->
          Problem.of(
              "rate-limited",
              "Too many heartbeats",
              429,
              "This session sends heartbeats faster than allowed; retry after the Retry-After"
                  + " delay.");
      case OK -> throw new IllegalArgumentException("OK is not a problem");
    };
  }
}
