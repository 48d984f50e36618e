package org.playhead.session.it.clip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A minimal ISO base media file (ISO/IEC 14496-12) box walker over bytes in memory: where each box
 * starts, its type and its payload. The decryption check reads segments with it rather than with
 * mp4parser, so that what mp4parser wrote is checked by code that does not share its parser.
 */
final class Mp4Boxes {
  private Mp4Boxes() {}

  /** A box: its absolute start in the file, its total size and its header size. */
  record Box(byte[] file, String type, int start, int size, int headerSize) {
    int payloadStart() {
      return start + headerSize;
    }

    int end() {
      return start + size;
    }

    ByteBuffer payload() {
      return ByteBuffer.wrap(file, payloadStart(), size - headerSize).slice();
    }

    List<Box> children() {
      return parse(file, payloadStart(), end());
    }

    /** Sample entries sit inside stsd after its version, flags and entry count. */
    List<Box> sampleEntries() {
      return parse(file, payloadStart() + 8, end());
    }

    Optional<Box> child(String childType) {
      return children().stream().filter(b -> b.type().equals(childType)).findFirst();
    }

    Box require(String... path) {
      Box box = this;
      for (String step : path) {
        String wanted = step;
        Box parent = box;
        box =
            parent
                .child(wanted)
                .orElseThrow(() -> new AssertionError("no " + wanted + " in " + parent.type()));
      }
      return box;
    }
  }

  static List<Box> topLevel(byte[] file) {
    return parse(file, 0, file.length);
  }

  static Box first(byte[] file, String type) {
    return topLevel(file).stream()
        .filter(b -> b.type().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no top-level " + type));
  }

  private static List<Box> parse(byte[] file, int from, int to) {
    List<Box> boxes = new ArrayList<>();
    int at = from;
    while (at + 8 <= to) {
      ByteBuffer header = ByteBuffer.wrap(file, at, to - at);
      long size = Integer.toUnsignedLong(header.getInt());
      String type = new String(file, at + 4, 4, StandardCharsets.ISO_8859_1);
      int headerSize = 8;
      if (size == 1) {
        size = header.getLong();
        headerSize = 16;
      } else if (size == 0) {
        size = to - at;
      }
      if (size < headerSize || at + size > to) {
        throw new AssertionError("box " + type + " at " + at + " overruns its parent");
      }
      boxes.add(new Box(file, type, at, (int) size, headerSize));
      at += (int) size;
    }
    if (at != to) {
      throw new AssertionError((to - at) + " stray bytes after the last box at " + at);
    }
    return boxes;
  }
}
