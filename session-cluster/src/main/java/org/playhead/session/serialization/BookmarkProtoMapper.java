package org.playhead.session.serialization;

import org.playhead.session.ProfileBookmarks;
import org.playhead.session.ProfileBookmarks.Bookmark;
import org.playhead.session.serialization.proto.BookmarkData;
import org.playhead.session.serialization.proto.BookmarksSnapshotData;

/** ProfileBookmarks records to and from their persisted protobuf form. */
final class BookmarkProtoMapper {
  private BookmarkProtoMapper() {}

  static BookmarkData toData(Bookmark b) {
    return BookmarkData.newBuilder()
        .setTitleId(b.titleId())
        .setPositionMs(b.positionMs())
        .setObservedAtMs(b.observedAtMs())
        .setSessionId(b.sessionId())
        .setDeviceId(b.deviceId())
        .setFinished(b.finished())
        .build();
  }

  /**
   * @param finished what the event type says; snapshots pass the stored flag
   */
  static Bookmark fromData(BookmarkData d, boolean finished) {
    return new Bookmark(
        d.getTitleId(),
        d.getPositionMs(),
        d.getObservedAtMs(),
        d.getSessionId(),
        d.getDeviceId(),
        finished);
  }

  /** Bookmarks in recency order, so the same state always writes the same bytes. */
  static BookmarksSnapshotData toSnapshot(ProfileBookmarks.State state) {
    BookmarksSnapshotData.Builder b = BookmarksSnapshotData.newBuilder();
    for (Bookmark bookmark : state.inRecencyOrder()) {
      b.addBookmarks(toData(bookmark));
    }
    return b.build();
  }

  static ProfileBookmarks.State fromSnapshot(BookmarksSnapshotData d) {
    return ProfileBookmarks.State.of(
        d.getBookmarksList().stream().map(b -> fromData(b, b.getFinished())).toList());
  }
}
