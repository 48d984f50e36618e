package org.playhead.session.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.grpc.Trailers;
import org.apache.pekko.grpc.javadsl.GrpcExceptionHandler;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.Function;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * What pekko-grpc does not do for us: a bad message from a client is the client's error, not
 * INTERNAL, and no single call may make the server buffer an unbounded body.
 */
final class GrpcErrors {
  private GrpcErrors() {}

  /** Malformed protobuf is INVALID_ARGUMENT; an oversize message RESOURCE_EXHAUSTED. */
  static Function<ActorSystem, Function<Throwable, Trailers>> mapper() {
    return system ->
        failure -> {
          Throwable cause = unwrap(failure);
          if (cause instanceof InvalidProtocolBufferException) {
            return new Trailers(
                Status.INVALID_ARGUMENT.withDescription("Malformed protobuf message."));
          }
          if (cause instanceof EntityStreamSizeException) {
            return new Trailers(
                Status.RESOURCE_EXHAUSTED.withDescription("The request is larger than allowed."));
          }
          return GrpcExceptionHandler.defaultMapper().apply(system).apply(failure);
        };
  }

  /**
   * Caps what one call may send. A unary call is read whole, up to {@code maxUnaryBytes}, before
   * the handler sees it, so an oversize one is answered RESOURCE_EXHAUSTED rather than reset; a
   * heartbeat stream, which lives for hours, may send {@code maxStreamBytes} in all.
   */
  static org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>>
      limited(
          org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> grpc,
          long maxUnaryBytes,
          long maxStreamBytes,
          Materializer materializer) {
    return request -> {
      String path = request.getUri().path();
      // Streams a client holds open (heartbeats for hours, reflection for a tool's session) go
      // through unread, each request answered as it arrives; their total is capped instead.
      if (path.endsWith("/StreamHeartbeats") || path.endsWith("/ServerReflectionInfo")) {
        return grpc.apply(
            request.withEntity((RequestEntity) request.entity().withSizeLimit(maxStreamBytes)));
      }
      // Read the whole body, keeping at most maxUnaryBytes: an HTTP/2 stream whose body is left
      // unread is reset, and the client would see CANCELLED instead of our answer. Past
      // DRAIN_LIMIT_BYTES the stream is cut anyway.
      return request
          .entity()
          .getDataBytes()
          .limitWeighted(DRAIN_LIMIT_BYTES, chunk -> (long) chunk.size())
          .runWith(Sink.fold(BoundedBody.empty(maxUnaryBytes), BoundedBody::append), materializer)
          .thenCompose(
              body -> {
                if (body.overflowed()) {
                  return CompletableFuture.completedFuture(
                      trailersOnly(
                          Status.RESOURCE_EXHAUSTED,
                          "The request is larger than " + maxUnaryBytes + " bytes."));
                }
                try {
                  return grpc.apply(
                      request.withEntity(
                          HttpEntities.create(request.entity().getContentType(), body.bytes())));
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
    };
  }

  private static final long DRAIN_LIMIT_BYTES = 8L * 1024 * 1024;

  /** A request body read up to a limit; past it only the count grows. */
  private record BoundedBody(ByteString bytes, long size, long limit) {
    static BoundedBody empty(long limit) {
      return new BoundedBody(ByteString.emptyByteString(), 0, limit);
    }

    BoundedBody append(ByteString chunk) {
      long newSize = size + chunk.size();
      return new BoundedBody(newSize <= limit ? bytes.concat(chunk) : bytes, newSize, limit);
    }

    boolean overflowed() {
      return size > limit;
    }
  }

  private static final ContentType GRPC =
      ContentTypes.create(MediaTypes.applicationBinary("grpc", false));

  /** A gRPC error answered in the response headers, as gRPC's "trailers-only" form allows. */
  private static HttpResponse trailersOnly(Status status, String message) {
    return HttpResponse.create()
        .withEntity(HttpEntities.create(GRPC, new byte[0]))
        .addHeader(RawHeader.create("grpc-status", Integer.toString(status.getCode().value())))
        .addHeader(RawHeader.create("grpc-message", message));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
