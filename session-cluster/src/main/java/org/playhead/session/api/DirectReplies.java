package org.playhead.session.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.dispatch.ExecutionContexts$;
import scala.jdk.javaapi.FutureConverters;

/**
 * Turns the {@link CompletionStage} a Pekko javadsl {@code ask} returns into a plain {@link
 * CompletableFuture} completed on the replying thread.
 *
 * <p>Why: that stage is Scala's adapter, which runs even {@code thenApply} and {@code whenComplete}
 * asynchronously on the default executor, and on a machine with two cores the JDK's default
 * executor is not the common pool but a new thread per task ({@code ThreadPerTaskExecutor}, used
 * while the common pool's parallelism is 1). StartPlayback chains four stages: 70 starts per second
 * was all a node managed that way, every one of them creating threads (bench/RESULTS.md). The
 * continuations callers attach (mapping a reply, sending the next ask) are short, so running them
 * where the reply lands costs less than any hand-off.
 */
public final class DirectReplies {
  private DirectReplies() {}

  public static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
    CompletableFuture<T> direct = new CompletableFuture<>();
    FutureConverters.asScala(stage)
        .onComplete(
            answer -> {
              if (answer.isSuccess()) {
                direct.complete(answer.get());
              } else {
                direct.completeExceptionally(answer.failed().get());
              }
              return null;
            },
            ExecutionContexts$.MODULE$.parasitic());
    return direct;
  }
}
