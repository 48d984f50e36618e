package org.playhead.session.api;

import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * gRPC's length-prefixed messages (a compressed flag, a 4-byte length, the message), decoded with a
 * bound on every message after decompression.
 *
 * <p>Why ours: pekko-grpc 1.1.1 inflates a {@code grpc-encoding: gzip} message whole, with no
 * bound, after our size check on the compressed bytes and before the service checks the token: 30
 * requests of 61 KB inflating to 60 MB each took a node down with OutOfMemoryError. No pekko-grpc
 * release bounds it yet (the fix, apache/pekko-grpc#818, is on no release branch), so the node
 * inflates messages itself, each into at most {@code maxMessageBytes}, and hands pekko-grpc only
 * uncompressed messages. A message that would inflate beyond is refused (RESOURCE_EXHAUSTED) after
 * inflating at most that much.
 */
final class GrpcMessages {
  private GrpcMessages() {}

  /** The message encodings this node accepts, as {@code grpc-accept-encoding} says them. */
  static final String ACCEPTED = "gzip,deflate,identity";

  private static final int PREFIX = 5;

  /** How a request's messages are compressed ({@code grpc-encoding}). */
  enum Encoding {
    IDENTITY,
    GZIP,
    DEFLATE;

    /**
     * The encoding a {@code grpc-encoding} value names (absent: identity), or empty for one this
     * node does not support: the gRPC spec's answer is UNIMPLEMENTED with {@code
     * grpc-accept-encoding}.
     */
    static Optional<Encoding> of(Optional<String> header) {
      if (header.isEmpty()) {
        return Optional.of(IDENTITY);
      }
      return switch (header.get().strip().toLowerCase(Locale.ROOT)) {
        case "identity", "" -> Optional.of(IDENTITY);
        case "gzip" -> Optional.of(GZIP);
        case "deflate" -> Optional.of(DEFLATE);
        default -> Optional.empty();
      };
    }
  }

  /**
   * Decodes a stream's bytes into whole, uncompressed messages as they arrive: feed it chunks, take
   * the re-framed (identity) bytes it returns. Not thread-safe: one per stream.
   */
  static final class Decoder {
    private final Encoding encoding;
    private final int maxMessageBytes;
    private ByteString pending = ByteString.emptyByteString();

    Decoder(Encoding encoding, int maxMessageBytes) {
      this.encoding = encoding;
      this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * The complete messages {@code chunk} finishes, framed uncompressed.
     *
     * @throws GrpcServiceException RESOURCE_EXHAUSTED for a message over the bound (declared or
     *     inflated), INTERNAL for a compressed message without an encoding or a corrupt one
     */
    ByteString accept(ByteString chunk) {
      pending = pending.concat(chunk);
      ByteStringBuilder out = null;
      while (pending.size() >= PREFIX) {
        int flag = pending.apply(0) & 0xff;
        long length =
            ((pending.apply(1) & 0xffL) << 24)
                | ((pending.apply(2) & 0xffL) << 16)
                | ((pending.apply(3) & 0xffL) << 8)
                | (pending.apply(4) & 0xffL);
        if (flag > 1) {
          throw failure(Status.INTERNAL, "A message frame has an unknown flag.");
        }
        // Refused from the prefix alone: nothing of an oversize message is buffered.
        if (length > maxMessageBytes) {
          throw tooLarge(maxMessageBytes);
        }
        if (pending.size() < PREFIX + length) {
          break;
        }
        ByteString message = pending.slice(PREFIX, PREFIX + (int) length);
        pending = pending.drop(PREFIX + (int) length).compact();
        ByteString plain = flag == 1 ? inflate(message) : message;
        if (out == null) {
          out = new ByteStringBuilder();
        }
        out.putByte((byte) 0);
        out.putInt(plain.size(), java.nio.ByteOrder.BIG_ENDIAN);
        out.append(plain);
      }
      return out == null ? ByteString.emptyByteString() : out.result();
    }

    /** Whether bytes of an unfinished message are left (a stream that ends here was cut). */
    boolean midMessage() {
      return !pending.isEmpty();
    }

    private ByteString inflate(ByteString compressed) {
      if (encoding == Encoding.IDENTITY) {
        throw failure(
            Status.INTERNAL, "A message is marked compressed but the call names no grpc-encoding.");
      }
      return GrpcMessages.inflate(compressed, encoding, maxMessageBytes);
    }
  }

  /**
   * {@code compressed} inflated, reading at most {@code limit + 1} bytes of output.
   *
   * @throws GrpcServiceException RESOURCE_EXHAUSTED past {@code limit}, INTERNAL when corrupt
   */
  static ByteString inflate(ByteString compressed, Encoding encoding, int limit) {
    try (InputStream in = inflating(compressed, encoding)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 4096));
      byte[] buffer = new byte[Math.min(limit + 1, 8192)];
      int total = 0;
      int read;
      while ((read = in.read(buffer, 0, Math.min(buffer.length, limit + 1 - total))) > 0) {
        total += read;
        if (total > limit) {
          throw tooLarge(limit);
        }
        out.write(buffer, 0, read);
      }
      return ByteString.fromArrayUnsafe(out.toByteArray());
    } catch (IOException e) {
      throw failure(Status.INTERNAL, "A compressed message could not be decompressed.");
    }
  }

  private static InputStream inflating(ByteString compressed, Encoding encoding)
      throws IOException {
    InputStream raw = new ByteArrayInputStream(compressed.toArrayUnsafe());
    return switch (encoding) {
      case GZIP -> new GZIPInputStream(raw);
      // gRPC's "deflate" is the zlib format (RFC 1950), as its implementations write it.
      case DEFLATE -> new InflaterInputStream(raw);
      case IDENTITY -> raw;
    };
  }

  static GrpcServiceException tooLarge(int limit) {
    return failure(
        Status.RESOURCE_EXHAUSTED, "A message is larger than " + limit + " bytes decompressed.");
  }

  private static GrpcServiceException failure(Status status, String description) {
    return new GrpcServiceException(status.withDescription(description));
  }
}
