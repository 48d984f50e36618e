package org.playhead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.playhead.session.analytics.AnalyticsMeters;
import org.playhead.session.metrics.PlayheadMetrics;

/**
 * deploy/grafana/playhead.json reads the meters the node publishes, by the names PlayheadMetrics
 * and AnalyticsMeters declare (in Prometheus form), and shows every one of them.
 */
class DashboardTest {
  /** What Micrometer's Prometheus registry appends to a meter's name, by meter type. */
  static final List<String> SUFFIXES =
      List.of("", "_total", "_seconds_count", "_seconds_sum", "_seconds_bucket", "_seconds_max");

  static Set<String> meterNames() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Class<?> meters : List.of(PlayheadMetrics.class, AnalyticsMeters.class)) {
      for (Field field : meters.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          names.add(((String) field.get(null)).replace('.', '_'));
        }
      }
    }
    return names;
  }

  @Test
  void everyQueryReadsAMeterTheNodePublishesAndEveryMeterIsShown() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(Manifests.deployDir().resolve("grafana/playhead.json").toFile());
    Set<String> meters = meterNames();
    Set<String> shown = new HashSet<>();
    Set<Integer> ids = new HashSet<>();
    Pattern metric = Pattern.compile("\\b(playhead_[a-z_]+)");
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
      for (JsonNode target : panel.path("targets")) {
        Matcher matcher = metric.matcher(target.path("expr").asText());
        while (matcher.find()) {
          String used = matcher.group(1);
          String meter =
              meters.stream()
                  .filter(m -> SUFFIXES.stream().anyMatch(s -> used.equals(m + s)))
                  .findFirst()
                  .orElseThrow(
                      () -> new AssertionError(panel.path("title") + " reads unknown " + used));
          shown.add(meter);
        }
      }
    }
    assertEquals(meters, new TreeSet<>(shown), "meters without a panel");
    assertFalse(dashboard.path("uid").asText().isEmpty());
  }
}
