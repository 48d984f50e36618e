package org.playhead.session.care;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The care timeline's limits, read once from {@code playhead.care.timeline}.
 *
 * @param maxEventsRead at most this many events are read from each journal, so that one huge
 *     journal cannot exhaust a node's memory; a timeline that hit it says it is truncated
 * @param readTimeout a read that takes longer fails rather than holding a care request open
 */
public record TimelineSettings(int maxEventsRead, Duration readTimeout) {

  public TimelineSettings {
    if (maxEventsRead < 1) {
      throw new IllegalArgumentException("max-events-read must be at least 1");
    }
  }

  public static TimelineSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.care.timeline");
    return new TimelineSettings(c.getInt("max-events-read"), c.getDuration("read-timeout"));
  }
}
