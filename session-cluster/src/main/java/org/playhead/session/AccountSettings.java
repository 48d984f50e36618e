package org.playhead.session;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The plans on offer and how accounts keep their stream slots, read once from {@code
 * playhead.accounts}.
 *
 * @param leaseTtl a slot whose session has not renewed it for this long is free again
 * @param renewEvery sessions renew their slot at most this often (renewals are not persisted)
 * @param recentSessions how many ended sessions an account remembers for care
 */
public record AccountSettings(
    Map<String, Plan> plans,
    String defaultPlan,
    Duration leaseTtl,
    Duration renewEvery,
    int recentSessions,
    int snapshotEvery) {

  public Plan plan(String name) {
    Plan plan = plans.get(name);
    return plan != null ? plan : plans.get(defaultPlan);
  }

  public static AccountSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.accounts");
    Duration defaultGrace = c.getDuration("handoff-grace");
    Map<String, Plan> plans = new LinkedHashMap<>();
    Config planConfigs = c.getConfig("plans");
    for (String name : planConfigs.root().keySet()) {
      Config p = planConfigs.getConfig(name);
      int maxStreams = p.getInt("max-streams");
      if (maxStreams < 1) {
        throw new IllegalArgumentException("plan " + name + ": max-streams must be at least 1");
      }
      plans.put(
          name,
          new Plan(
              name,
              maxStreams,
              p.getInt("max-devices"),
              EvictionPolicy.valueOf(
                  (p.hasPath("policy") ? p.getString("policy") : "block-new")
                      .toUpperCase(Locale.ROOT)
                      .replace('-', '_')),
              p.hasPath("handoff-grace") ? p.getDuration("handoff-grace") : defaultGrace));
    }
    String defaultPlan = c.getString("default-plan");
    if (!plans.containsKey(defaultPlan)) {
      throw new IllegalArgumentException("default-plan " + defaultPlan + " is not a plan");
    }
    return new AccountSettings(
        Map.copyOf(plans),
        defaultPlan,
        config.getDuration("playhead.session.lease-ttl"),
        c.getDuration("renew-every"),
        c.getInt("recent-sessions"),
        c.getInt("snapshot-every"));
  }
}
