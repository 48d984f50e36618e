package org.playhead.chaos.load;

import java.util.concurrent.CompletionStage;

/** The player API over one transport. Every call completes; failures come back as results. */
interface PlayerApi {

  /** {@code "http"}, {@code "grpc-unary"} or {@code "grpc-stream"}. */
  String transport();

  CompletionStage<CallResult> start(Target target, String sessionId, String titleId);

  /**
   * @param ended stop as the end of the content ({@code ended}) rather than the viewer's stop
   */
  CompletionStage<CallResult> stop(Target target, String sessionId, boolean ended, long positionMs);

  /** Heartbeats of one player; a stream transport keeps its stream here. */
  Reporter reporter(PushListener pushes);

  /** Sends one player's heartbeats. */
  interface Reporter {
    CompletionStage<CallResult> report(Target target, Report report);

    /** Ends whatever the reporter holds open (a stream); the next report opens anew. */
    void close();
  }

  /** Told when the server ends a session on its own and says so unasked (a stream's stop). */
  interface PushListener {
    void stoppedByServer(String sessionId, String reason);
  }
}
