package org.playhead.session;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The bookmark entity's tunables, read once from {@code playhead.bookmarks}.
 *
 * @param maxTitles titles kept per profile; beyond it the least recently watched one is evicted
 * @param snapshotEvery take a snapshot after this many events (two are kept)
 * @param maxClockSkew a report observed further than this ahead of the node's clock is refused
 * @param passivateAfter an idle profile's entity leaves memory after this long
 */
public record BookmarkSettings(
    int maxTitles, int snapshotEvery, Duration maxClockSkew, Duration passivateAfter) {

  public BookmarkSettings {
    if (maxTitles < 1) {
      throw new IllegalArgumentException("playhead.bookmarks.max-titles must be at least 1");
    }
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("playhead.bookmarks.snapshot-every must be at least 1");
    }
  }

  public static BookmarkSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.bookmarks");
    return new BookmarkSettings(
        c.getInt("max-titles"),
        c.getInt("snapshot-every"),
        c.getDuration("max-clock-skew"),
        c.getDuration("passivate-after"));
  }
}
