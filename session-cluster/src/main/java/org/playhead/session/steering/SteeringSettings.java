package org.playhead.session.steering;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import org.playhead.steering.Origin;
import org.playhead.steering.SteeringPolicy;

/**
 * The node's steering settings, read once from {@code playhead.steering}.
 *
 * @param networkFile the file loaded when the cluster has no stored network, if any
 * @param defaultOrigin the fallback of a node without any network
 * @param ttl told to players in steering answers; also how long a session's demotion lasts
 */
public record SteeringSettings(
    Optional<String> networkFile,
    Origin defaultOrigin,
    Duration ttl,
    SteeringPolicy policy,
    int maxRequestsPerSecond,
    long maxNetworkBytes,
    Duration manifestCacheTtl,
    Duration manifestFetchTimeout,
    String dashManifest,
    String hlsPlaylist,
    int reportBuckets) {

  public static SteeringSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.steering");
    String file = c.getString("network-file");
    return new SteeringSettings(
        file.isBlank() ? Optional.empty() : Optional.of(file),
        new Origin(c.getString("default-origin-id"), withSlash(c.getString("default-origin-url"))),
        c.getDuration("ttl"),
        new SteeringPolicy(
            c.getDuration("report-ttl").toMillis(),
            c.getDouble("overload-percent"),
            c.getInt("max-caches"),
            c.getInt("player-failure-threshold"),
            c.getDuration("player-failure-window").toMillis(),
            c.getInt("player-failure-max-per-session"),
            c.getInt("player-failure-min-sessions"),
            c.getInt("player-failure-min-networks")),
        c.getInt("max-requests-per-second"),
        c.getBytes("max-network-bytes"),
        c.getDuration("manifest-cache-ttl"),
        c.getDuration("manifest-fetch-timeout"),
        c.getString("dash-manifest"),
        c.getString("hls-playlist"),
        c.getInt("report-buckets"));
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }
}
