package org.playhead.session.analytics;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The analytics settings, read once from {@code playhead.analytics} (analytics.conf).
 *
 * @param licenseTags the license ledger's tag count ({@code playhead.license.ledger.tags})
 */
public record AnalyticsSettings(
    boolean enabled,
    String bootstrapServers,
    String sessionsTopic,
    String accountsTopic,
    String qoeTopic,
    int sessionTags,
    int accountTags,
    int licenseTags,
    int groupSize,
    Duration groupWithin,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    int cachedSessions,
    int qoeBuffer,
    long qoeProducerBufferBytes,
    Aggregates aggregates) {

  /** The live QoE aggregates' settings ({@code playhead.analytics.aggregates}). */
  public record Aggregates(
      boolean enabled,
      String groupId,
      Duration window,
      Duration bucket,
      Duration liveFor,
      int maxSessions,
      int maxKeysPerDimension,
      int maxStartupSamples,
      int maxExportedKeys) {

    /** Buckets in a window. */
    public int buckets() {
      return (int) Math.max(1, window.toMillis() / bucket.toMillis());
    }
  }

  public static AnalyticsSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.analytics");
    Config a = c.getConfig("aggregates");
    return new AnalyticsSettings(
        c.getBoolean("enabled"),
        c.getString("kafka.bootstrap-servers"),
        c.getString("topics.sessions"),
        c.getString("topics.accounts"),
        c.getString("topics.qoe"),
        c.getInt("tags.sessions"),
        c.getInt("tags.accounts"),
        config.getInt("playhead.license.ledger.tags"),
        c.getInt("projection.group-size"),
        c.getDuration("projection.group-within"),
        c.getDuration("projection.restart-min-backoff"),
        c.getDuration("projection.restart-max-backoff"),
        c.getInt("projection.cached-sessions"),
        c.getInt("qoe.buffer"),
        c.getBytes("qoe.producer-buffer"),
        new Aggregates(
            a.getBoolean("enabled"),
            a.getString("group-id"),
            a.getDuration("window"),
            a.getDuration("bucket"),
            a.getDuration("live-for"),
            a.getInt("max-sessions"),
            a.getInt("max-keys-per-dimension"),
            a.getInt("max-startup-samples"),
            a.getInt("max-exported-keys")));
  }
}
