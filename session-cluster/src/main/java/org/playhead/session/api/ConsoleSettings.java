package org.playhead.session.api;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's settings ({@code playhead.console}).
 *
 * @param drillsUrl the chaos kit's drill server that {@link SreDrillRoutes} passes drills to; none
 *     when empty
 * @param drillsTimeout how long the drill server has to answer one request
 * @param clusterStatsTimeout how long every shard region has to tell its shards and entities
 */
public record ConsoleSettings(
    Optional<String> drillsUrl, Duration drillsTimeout, Duration clusterStatsTimeout) {

  public static ConsoleSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.console");
    String url = c.getString("drills-url").strip();
    if (!url.isEmpty() && !url.matches("https?://[^/?#]+/?")) {
      throw new IllegalArgumentException(
          "playhead.console.drills-url (PLAYHEAD_DRILLS_URL) must be http(s)://host:port, not "
              + url);
    }
    return new ConsoleSettings(
        url.isEmpty() ? Optional.empty() : Optional.of(url),
        c.getDuration("drills-timeout"),
        c.getDuration("cluster-stats-timeout"));
  }
}
