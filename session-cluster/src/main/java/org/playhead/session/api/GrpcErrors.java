package org.playhead.session.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.grpc.Trailers;
import org.apache.pekko.grpc.javadsl.GrpcExceptionHandler;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.Function;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * What pekko-grpc does not do for us: a bad message from a client is the client's error, not
 * INTERNAL, no single call may make the server buffer or inflate an unbounded body, and a call
 * without valid credentials costs no more than checking them.
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
   * Guards every gRPC call before pekko-grpc sees it, cheapest check first:
   *
   * <ol>
   *   <li>a {@code grpc-encoding} this node does not support is UNIMPLEMENTED with {@code
   *       grpc-accept-encoding}, as the gRPC spec says;
   *   <li>{@code authenticate} (a cached HS256 check) may refuse the call before its body is read;
   *   <li>a unary call is read whole, up to {@code maxMessageBytes} on the wire, before the handler
   *       sees it, so an oversize one is answered RESOURCE_EXHAUSTED rather than reset; a heartbeat
   *       stream, which lives for hours, may send {@code maxStreamBytes} in all;
   *   <li>every message, unary or streamed, is decoded by {@link GrpcMessages}: at most {@code
   *       maxMessageBytes} after decompression, and handed on uncompressed.
   * </ol>
   *
   * @param authenticate the refusal of a call whose credentials do not hold, if any
   */
  static org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>>
      guarded(
          org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> grpc,
          int maxMessageBytes,
          long maxStreamBytes,
          java.util.function.Function<HttpRequest, Optional<Status>> authenticate,
          Materializer materializer) {
    return request -> {
      Optional<String> encodingHeader =
          request.getHeader(ENCODING).map(org.apache.pekko.http.javadsl.model.HttpHeader::value);
      Optional<GrpcMessages.Encoding> encoding = GrpcMessages.Encoding.of(encodingHeader);
      if (encoding.isEmpty()) {
        return refuseUnread(
            request,
            trailersOnly(
                    Status.UNIMPLEMENTED,
                    "Message encoding " + encodingHeader.get() + " is not supported.")
                .addHeader(RawHeader.create(ACCEPT_ENCODING, GrpcMessages.ACCEPTED)),
            materializer);
      }
      Optional<Status> refused = authenticate.apply(request);
      if (refused.isPresent()) {
        return refuseUnread(
            request, trailersOnly(refused.get(), refused.get().getDescription()), materializer);
      }
      // pekko-grpc sees only uncompressed messages from here on.
      HttpRequest plain = request.removeHeader(ENCODING);
      String path = request.getUri().path();
      // Streams a client holds open (heartbeats for hours, reflection for a tool's session) go
      // through unread, each request answered as it arrives; their total is capped instead.
      if (path.endsWith("/StreamHeartbeats") || path.endsWith("/ServerReflectionInfo")) {
        return grpc.apply(
            plain.withEntity(
                HttpEntities.createChunked(
                    request.entity().getContentType(),
                    request
                        .entity()
                        .withSizeLimit(maxStreamBytes)
                        .getDataBytes()
                        .via(decoding(encoding.get(), maxMessageBytes)))));
      }
      // Read the whole body, keeping at most one message's worth: an HTTP/2 stream whose body is
      // left unread is reset, and the client would see CANCELLED instead of our answer. Past
      // DRAIN_LIMIT_BYTES the stream is cut anyway.
      long maxBody = maxMessageBytes + 5L;
      return request
          .entity()
          .getDataBytes()
          .limitWeighted(DRAIN_LIMIT_BYTES, chunk -> (long) chunk.size())
          .runWith(Sink.fold(BoundedBody.empty(maxBody), BoundedBody::append), materializer)
          .thenCompose(
              body -> {
                if (body.overflowed()) {
                  return CompletableFuture.completedFuture(
                      trailersOnly(
                          Status.RESOURCE_EXHAUSTED,
                          "The request is larger than " + maxBody + " bytes."));
                }
                GrpcMessages.Decoder decoder =
                    new GrpcMessages.Decoder(encoding.get(), maxMessageBytes);
                ByteString messages;
                try {
                  messages = decoder.accept(body.bytes());
                } catch (GrpcServiceException e) {
                  return CompletableFuture.completedFuture(
                      trailersOnly(e.getStatus(), e.getStatus().getDescription()));
                }
                if (decoder.midMessage()) {
                  return CompletableFuture.completedFuture(
                      trailersOnly(Status.INTERNAL, "The request ends inside a message."));
                }
                try {
                  return grpc.apply(
                      plain.withEntity(
                          HttpEntities.create(request.entity().getContentType(), messages)));
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
    };
  }

  /** Re-frames a stream's messages uncompressed, each bounded; fails the stream past a bound. */
  private static Flow<ByteString, ByteString, NotUsed> decoding(
      GrpcMessages.Encoding encoding, int maxMessageBytes) {
    return Flow.of(ByteString.class)
        .statefulMap(
            () -> new GrpcMessages.Decoder(encoding, maxMessageBytes),
            (decoder, chunk) -> Pair.create(decoder, decoder.accept(chunk)),
            decoder -> Optional.empty())
        .filter(bytes -> !bytes.isEmpty());
  }

  /**
   * Answers without reading the body: its bytes are drained in the background (never kept), so the
   * HTTP/2 stream is not reset before the client reads the answer.
   */
  private static CompletionStage<HttpResponse> refuseUnread(
      HttpRequest request, HttpResponse answer, Materializer materializer) {
    request
        .entity()
        .getDataBytes()
        .limitWeighted(DRAIN_LIMIT_BYTES, chunk -> (long) chunk.size())
        .runWith(Sink.ignore(), materializer);
    return CompletableFuture.completedFuture(answer);
  }

  private static final String ENCODING = "grpc-encoding";
  private static final String ACCEPT_ENCODING = "grpc-accept-encoding";

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
    HttpResponse response =
        HttpResponse.create()
            .withEntity(HttpEntities.create(GRPC, new byte[0]))
            .addHeader(RawHeader.create("grpc-status", Integer.toString(status.getCode().value())));
    return message == null
        ? response
        : response.addHeader(RawHeader.create("grpc-message", percentEncoded(message)));
  }

  /** grpc-message is percent-encoded UTF-8 (the gRPC HTTP/2 spec); ours are plain ASCII text. */
  private static String percentEncoded(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
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
