package org.playhead.license.policy;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * License lifetimes, read once from {@code playhead.license.policy}. Defaults are the usual ones: a
 * streaming license lives 600 s and is renewed every 300 s (retry 10 s, recovery 60 s); a
 * persistent one may be kept 30 days and played for 48 hours once started.
 *
 * @param persistentPlans the plans whose accounts may have persistent (offline) licenses
 */
public record PolicySettings(
    Duration streamingLicense,
    Duration renewalDelay,
    Duration renewalRetry,
    Duration renewalRecovery,
    Duration playStartGrace,
    Duration rental,
    Duration persistentPlayback,
    Set<String> persistentPlans) {

  public PolicySettings {
    persistentPlans = Set.copyOf(persistentPlans);
    if (!renewalDelay.minus(streamingLicense).isNegative()) {
      throw new IllegalArgumentException(
          "playhead.license.policy: renewal-delay must be shorter than streaming-license");
    }
  }

  public static PolicySettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.license.policy");
    List<String> plans = c.getStringList("persistent-plans");
    return new PolicySettings(
        c.getDuration("streaming-license"),
        c.getDuration("renewal-delay"),
        c.getDuration("renewal-retry"),
        c.getDuration("renewal-recovery"),
        c.getDuration("play-start-grace"),
        c.getDuration("rental"),
        c.getDuration("persistent-playback"),
        Set.copyOf(plans));
  }

  public static PolicySettings defaults() {
    return new PolicySettings(
        Duration.ofSeconds(600),
        Duration.ofSeconds(300),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        Duration.ofDays(30),
        Duration.ofHours(48),
        Set.of("premium"));
  }

  public boolean allowsPersistent(String plan) {
    return persistentPlans.contains(plan);
  }
}
