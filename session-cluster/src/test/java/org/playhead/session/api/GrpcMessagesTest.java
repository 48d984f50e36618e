package org.playhead.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrpcMessagesTest {
  private static final int LIMIT = 64 * 1024;

  @ParameterizedTest
  @EnumSource(
      value = GrpcMessages.Encoding.class,
      names = {"GZIP", "DEFLATE"})
  void aCompressedMessageIsHandedOnUncompressed(GrpcMessages.Encoding encoding) throws IOException {
    byte[] message = "a heartbeat, as protobuf bytes".getBytes();
    var decoder = new GrpcMessages.Decoder(encoding, LIMIT);
    ByteString out = decoder.accept(frame(true, compress(message, encoding)));
    assertEquals(frame(false, message), out);
    assertFalse(decoder.midMessage());
  }

  @ParameterizedTest
  @EnumSource(
      value = GrpcMessages.Encoding.class,
      names = {"GZIP", "DEFLATE"})
  void aDecompressionBombIsRefusedAfterInflatingNoMoreThanTheLimit(GrpcMessages.Encoding encoding)
      throws IOException {
    // 60 MB of zeros compress to about 60 KB: the size check on the wire passes them.
    byte[] bomb = compress(new byte[60 * 1024 * 1024], encoding);
    assertTrue(bomb.length < LIMIT, "compressed " + bomb.length);
    var decoder = new GrpcMessages.Decoder(encoding, LIMIT);
    var refused = assertThrows(GrpcServiceException.class, () -> decoder.accept(frame(true, bomb)));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
  }

  @Test
  void aMessageDeclaredLargerThanTheLimitIsRefusedFromItsPrefix() {
    ByteString prefixOnly =
        new ByteStringBuilder().putByte((byte) 0).putInt(LIMIT + 1, ByteOrder.BIG_ENDIAN).result();
    var refused =
        assertThrows(
            GrpcServiceException.class,
            () ->
                new GrpcMessages.Decoder(GrpcMessages.Encoding.IDENTITY, LIMIT).accept(prefixOnly));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
  }

  @Test
  void messagesSplitAcrossChunksComeOutWhole() {
    byte[] first = "first".getBytes();
    byte[] second = "second message".getBytes();
    ByteString both = frame(false, first).concat(frame(false, second));
    var decoder = new GrpcMessages.Decoder(GrpcMessages.Encoding.IDENTITY, LIMIT);
    ByteString out = ByteString.emptyByteString();
    for (int i = 0; i < both.size(); i += 3) {
      out = out.concat(decoder.accept(both.slice(i, Math.min(both.size(), i + 3))));
    }
    assertEquals(both, out);
    assertFalse(decoder.midMessage());
    decoder.accept(frame(false, first).take(4));
    assertTrue(decoder.midMessage());
  }

  @Test
  void aCompressedFlagWithoutAnEncodingOrCorruptBytesAreInternal() {
    var identity = new GrpcMessages.Decoder(GrpcMessages.Encoding.IDENTITY, LIMIT);
    assertEquals(
        Status.Code.INTERNAL,
        assertThrows(GrpcServiceException.class, () -> identity.accept(frame(true, new byte[4])))
            .getStatus()
            .getCode());
    var gzip = new GrpcMessages.Decoder(GrpcMessages.Encoding.GZIP, LIMIT);
    assertEquals(
        Status.Code.INTERNAL,
        assertThrows(
                GrpcServiceException.class,
                () -> gzip.accept(frame(true, "not gzip at all".getBytes())))
            .getStatus()
            .getCode());
  }

  @Test
  void encodingsAreReadAsTheSpecNamesThem() {
    assertEquals(
        Optional.of(GrpcMessages.Encoding.IDENTITY), GrpcMessages.Encoding.of(Optional.empty()));
    assertEquals(
        Optional.of(GrpcMessages.Encoding.GZIP), GrpcMessages.Encoding.of(Optional.of(" GZIP ")));
    assertEquals(
        Optional.of(GrpcMessages.Encoding.DEFLATE),
        GrpcMessages.Encoding.of(Optional.of("deflate")));
    assertEquals(Optional.empty(), GrpcMessages.Encoding.of(Optional.of("snappy")));
  }

  static ByteString frame(boolean compressed, byte[] message) {
    return new ByteStringBuilder()
        .putByte((byte) (compressed ? 1 : 0))
        .putInt(message.length, ByteOrder.BIG_ENDIAN)
        .putBytes(message)
        .result();
  }

  static byte[] compress(byte[] plain, GrpcMessages.Encoding encoding) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out =
        encoding == GrpcMessages.Encoding.GZIP
            ? new GZIPOutputStream(bytes)
            : new DeflaterOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }
}
