package org.playhead.session.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.playhead.session.PlaybackSession;
import org.playhead.session.metrics.PlayheadMetrics.AdmissionDenial;
import org.playhead.session.metrics.PlayheadMetrics.JournalOutcome;

class PlayheadMetricsTest {
  private final PlayheadMetrics metrics =
      new PlayheadMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  @Test
  void everyNamedMeterIsScrapedBeforeItsFirstUse() {
    String scrape = metrics.scrape();
    for (String sample :
        new String[] {
          "playhead_sessions_started_total 0.0",
          "playhead_sessions_active 0.0",
          "playhead_heartbeats_seconds_count{outcome=\"ok\"} 0",
          "playhead_heartbeats_seconds_count{outcome=\"failed\"} 0",
          "playhead_heartbeats_seconds_bucket{outcome=\"ok\",le=\"0.001\"} 0",
          "playhead_admissions_denied_total{reason=\"stream_limit\"} 0.0",
          "playhead_admissions_denied_total{reason=\"rate_limited_device\"} 0.0",
          "playhead_licenses_issued_total 0.0",
          "playhead_journal_writes_seconds_count{outcome=\"ok\"} 0",
          "playhead_journal_writes_seconds_count{outcome=\"write_timeout\"} 0",
          "jvm_memory_used_bytes{",
          "jvm_threads_live_threads ",
          "process_uptime_seconds "
        }) {
      assertTrue(scrape.contains(sample), () -> sample + " missing from\n" + scrape);
    }
  }

  @Test
  void recordsLandOnTheirPreRegisteredMeters() {
    metrics.sessions().started();
    metrics.sessions().activated();
    metrics.sessions().activated();
    metrics.sessions().deactivated();
    metrics.heartbeatAnswered(PlaybackSession.Outcome.OK, Duration.ofMillis(3).toNanos());
    metrics.heartbeatAnswered(PlaybackSession.Outcome.ENDED, 100_000);
    metrics.heartbeatFailed(Duration.ofSeconds(5).toNanos());
    metrics.admissionDenied(AdmissionDenial.DEVICE_LIMIT);
    metrics.journalWrite(JournalOutcome.OK, 2_000_000);
    metrics.journalWrite(JournalOutcome.UNAVAILABLE, 1_000_000);
    metrics.licenseIssued();
    metrics.licenseDenied("HDCP_REQUIRED");
    metrics.steeringDecision("FAILOVER");

    String scrape = metrics.scrape();
    for (String sample :
        new String[] {
          "playhead_sessions_started_total 1.0",
          "playhead_sessions_active 1.0",
          "playhead_heartbeats_seconds_count{outcome=\"ok\"} 1",
          // 3 ms: above the 2 ms bucket, within 5 ms
          "playhead_heartbeats_seconds_bucket{outcome=\"ok\",le=\"0.002\"} 0",
          "playhead_heartbeats_seconds_bucket{outcome=\"ok\",le=\"0.005\"} 1",
          "playhead_heartbeats_seconds_count{outcome=\"ended\"} 1",
          "playhead_heartbeats_seconds_count{outcome=\"failed\"} 1",
          "playhead_admissions_denied_total{reason=\"device_limit\"} 1.0",
          "playhead_journal_writes_seconds_count{outcome=\"ok\"} 1",
          "playhead_journal_writes_seconds_count{outcome=\"unavailable\"} 1",
          "playhead_licenses_issued_total 1.0",
          "playhead_licenses_denied_total{reason=\"hdcp_required\"} 1.0",
          "playhead_steering_decisions_total{outcome=\"failover\"} 1.0"
        }) {
      assertTrue(scrape.contains(sample), () -> sample + " missing from\n" + scrape);
    }
  }

  @Test
  void freeTextReasonsAreCappedSoIdsCannotFloodPrometheus() {
    for (int i = 0; i < PlayheadMetrics.MAX_FREE_TAGS + 10; i++) {
      metrics.licenseDenied("reason-" + i);
    }
    long series =
        metrics
            .scrape()
            .lines()
            .filter(l -> l.startsWith("playhead_licenses_denied_total{"))
            .count();
    assertEquals(PlayheadMetrics.MAX_FREE_TAGS + 1, series, "the cap plus one 'other' series");
    assertTrue(metrics.scrape().contains("playhead_licenses_denied_total{reason=\"other\"} 10.0"));
  }
}
