package org.playhead.session.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.NotSerializableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.playhead.session.ProfileBookmarks;
import org.playhead.session.ProfileBookmarks.Bookmark;
import org.playhead.testkit.GoldenBytes;

/**
 * Every persisted ProfileBookmarks event and snapshot shape, against fixed bytes kept in {@code
 * src/test/resources/golden/bookmarks}. A failure here means stored journals would stop reading:
 * add a new manifest version instead of changing an old one. Regenerate fixtures for a NEW version
 * only, with {@code -Dplayhead.golden.write=true}.
 */
class BookmarkEventSerializerTest {
  private final BookmarkEventSerializer serializer = new BookmarkEventSerializer();

  static final Bookmark WATCHING =
      new Bookmark(
          "title-42",
          61_000,
          1_700_000_061_000L,
          "9b2f6c1e-5d1a-4c57-9f51-0a8d3e7f2b10",
          "tv-1",
          false);
  static final Bookmark FINISHED =
      new Bookmark(
          "title-7",
          5_400_000,
          1_700_000_500_000L,
          "0c6e2d9a-1f3b-4e8d-a2c5-7b9e4f1d3a60",
          "phone-1",
          true);
  static final Bookmark OLDER = new Bookmark("title-1", 0, 1_699_000_000_000L, "", "", false);

  /** One fixture per manifest (and per notable shape). */
  static Map<String, Object> fixtures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("PositionRecorded.v1", new ProfileBookmarks.PositionRecorded(WATCHING, List.of()));
    f.put(
        "PositionRecorded.v1-evicting",
        new ProfileBookmarks.PositionRecorded(WATCHING, List.of("title-1", "title-2")));
    f.put("TitleFinished.v1", new ProfileBookmarks.TitleFinished(FINISHED, List.of("title-1")));
    f.put("BookmarksSnapshot.v1", ProfileBookmarks.State.of(List.of(OLDER, WATCHING, FINISHED)));
    f.put("BookmarksSnapshot.v1-empty", ProfileBookmarks.State.EMPTY);
    return f;
  }

  static Stream<Arguments> cases() {
    return fixtures().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenBytesStillReadAndWriteTheSame(String fixture, Object value) throws Exception {
    GoldenBytes.check("bookmarks", fixture, value, serializer);
  }

  @Test
  void aSnapshotWritesTheSameBytesWhateverOrderItWasBuiltIn() {
    byte[] one = serializer.toBinary(ProfileBookmarks.State.of(List.of(OLDER, WATCHING, FINISHED)));
    byte[] other =
        serializer.toBinary(ProfileBookmarks.State.of(List.of(FINISHED, OLDER, WATCHING)));
    assertArrayEquals(one, other);
  }

  @Test
  void unknownManifestsAndCorruptBytesFailClearly() {
    assertThrows(
        NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "Nope.v9"));
    assertThrows(
        NotSerializableException.class,
        () -> serializer.fromBinary(new byte[] {(byte) 0xff, 0x01}, "PositionRecorded.v1"));
  }
}
