package org.playhead.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The golden-bytes check every persisted type gets: fixed bytes in {@code
 * src/test/resources/golden/<dir>} must still read as the value, and the value must still write
 * those bytes. A fixture is named after its manifest, with an optional {@code -variant} suffix. A
 * missing fixture is written once with {@code -Dplayhead.golden.write=true}, for a NEW manifest
 * only; an existing one is never rewritten.
 */
public final class GoldenBytes {
  private GoldenBytes() {}

  public static void check(
      String dir, String fixture, Object value, SerializerWithStringManifest serializer)
      throws Exception {
    String manifest = serializer.manifest(value);
    int variant = fixture.indexOf('-');
    assertEquals(variant < 0 ? fixture : fixture.substring(0, variant), manifest);
    check(
        dir,
        fixture,
        value,
        serializer.toBinary(value),
        bytes -> serializer.fromBinary(bytes, manifest));
  }

  /**
   * The same check for a value that writes itself ({@code written}) and is read by {@code read}.
   */
  public static void check(String dir, String fixture, Object value, byte[] written, Reader read)
      throws Exception {
    Path golden = Path.of("src/test/resources/golden", dir);
    Path file = golden.resolve(fixture + ".bin");
    if (Boolean.getBoolean("playhead.golden.write") && !Files.exists(file)) {
      Files.createDirectories(golden);
      Files.write(file, written);
    }
    byte[] stored;
    try {
      stored = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Missing golden fixture " + file + " (write it once with -Dplayhead.golden.write=true)",
          e);
    }
    assertEquals(value, read.read(stored), "golden bytes must still read");
    assertArrayEquals(stored, written, "the same value must still write the same bytes");
  }

  /** Reads a value from its bytes. */
  @FunctionalInterface
  public interface Reader {
    Object read(byte[] bytes) throws Exception;
  }
}
