package org.playhead.session.api;

import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.playhead.session.PlaybackSession.Outcome;
import org.playhead.session.PlaybackSession.Reply;

/**
 * How the gRPC services answer failures: a {@link Problem} (the HTTP API's answer) becomes the
 * matching gRPC status, so both APIs refuse the same things the same way.
 */
final class GrpcStatuses {
  private GrpcStatuses() {}

  interface Call<T> {
    CompletionStage<T> run();
  }

  /** Runs a call so that every failure leaves as a gRPC status, never as INTERNAL/UNKNOWN. */
  static <T> CompletionStage<T> guarded(Call<T> call) {
    CompletionStage<T> stage;
    try {
      stage = call.run();
    } catch (RequestRejectedException e) {
      return CompletableFuture.failedFuture(grpcError(e.problem()));
    } catch (GrpcServiceException e) {
      return CompletableFuture.failedFuture(e);
    }
    return stage.exceptionallyCompose(
        failure -> {
          Throwable cause = unwrap(failure);
          if (cause instanceof GrpcServiceException) {
            return CompletableFuture.failedFuture(cause);
          }
          if (cause instanceof RequestRejectedException rejected) {
            return CompletableFuture.failedFuture(grpcError(rejected.problem()));
          }
          return CompletableFuture.failedFuture(grpcError(unavailable(cause)));
        });
  }

  /** The reply if the session answered OK; its refusal as a {@link RequestRejectedException}. */
  static Reply ok(Reply reply, String sessionId) {
    if (reply.outcome() != Outcome.OK) {
      throw new RequestRejectedException(ReplyProblems.of(reply, sessionId));
    }
    return reply;
  }

  static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** A failed ask: the entity did not answer in time or could not be reached. */
  static Problem unavailable(Throwable failure) {
    Throwable cause = unwrap(failure);
    String detail =
        cause instanceof AskTimeoutException || cause instanceof TimeoutException
            ? "The session did not answer in time; retry."
            : "The session could not be reached.";
    return Problem.of("unavailable", "Temporarily unavailable", 503, detail);
  }

  static Status status(Problem problem) {
    Status status =
        switch (problem.status()) {
          case 400 -> Status.INVALID_ARGUMENT;
          case 401 -> Status.UNAUTHENTICATED;
          case 403 -> Status.PERMISSION_DENIED;
          case 404 -> Status.NOT_FOUND;
          case 409 ->
              problem.type().endsWith("session-conflict")
                  ? Status.ALREADY_EXISTS
                  : Status.FAILED_PRECONDITION;
          case 413 -> Status.RESOURCE_EXHAUSTED;
          case 429 -> Status.RESOURCE_EXHAUSTED;
          case 503 -> Status.UNAVAILABLE;
          default -> Status.INTERNAL;
        };
    return status.withDescription(describe(problem));
  }

  static String describe(Problem problem) {
    StringBuilder text = new StringBuilder(problem.detail());
    for (Problem.FieldError error : problem.errors()) {
      text.append(' ').append(error.field()).append(' ').append(error.message()).append('.');
    }
    if (problem.stopReason() != null) {
      text.append(" stopReason=").append(problem.stopReason());
    }
    return text.toString();
  }

  static GrpcServiceException grpcError(Problem problem) {
    return new GrpcServiceException(status(problem));
  }
}
