package org.playhead.chaos.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SteadyStateWindowTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
  private final SteadyStateWindow window = new SteadyStateWindow(Clock.fixed(NOW, ZoneOffset.UTC));

  private void record(int secondsAgo, OperationKind kind, boolean ack, int latencyMs) {
    Instant answered = NOW.minusSeconds(secondsAgo);
    window.record(
        new Operation(
            answered.minusMillis(latencyMs),
            Duration.ofMillis(latencyMs),
            "s",
            "a",
            "n",
            "http",
            kind,
            ack,
            0,
            ack ? null : "503"));
  }

  @Test
  void nothingYetIsAHealthyQuietState() {
    assertEquals(new SteadyState(0, 1.0, 0), window.current());
  }

  @Test
  void figuresCoverTheLastFiveWholeSecondsOnly() {
    for (int s = 1; s <= 5; s++) {
      record(s, OperationKind.START, true, 10);
      record(s, OperationKind.HEARTBEAT, true, 10);
      record(s, OperationKind.HEARTBEAT, s % 5 != 0, 10); // one of ten fails
    }
    record(0, OperationKind.START, true, 10); // the second still being filled
    record(7, OperationKind.START, true, 10); // before the window
    record(7, OperationKind.HEARTBEAT, false, 10);

    SteadyState state = window.current();
    assertEquals(1.0, state.startsPerSecond(), 1e-9);
    assertEquals(0.9, state.heartbeatSuccessRate(), 1e-9);
  }

  @Test
  void playStateReportsCountAsHeartbeatsAndStopsDoNot() {
    record(1, OperationKind.PAUSE, false, 5);
    record(1, OperationKind.RESUME, true, 5);
    record(1, OperationKind.STOP, false, 5);
    assertEquals(0.5, window.current().heartbeatSuccessRate(), 1e-9);
  }

  @Test
  void p99IsThe99thPercentileOfAllLatencies() {
    for (int i = 0; i < 990; i++) {
      record(2, OperationKind.HEARTBEAT, true, 4);
    }
    for (int i = 0; i < 10; i++) {
      record(2, OperationKind.HEARTBEAT, true, 900);
    }
    assertEquals(4.0, window.current().p99LatencyMs(), 0.1);
    record(3, OperationKind.HEARTBEAT, true, 900);
    record(3, OperationKind.HEARTBEAT, true, 900);
    assertEquals(900.0, window.current().p99LatencyMs(), 900 * 0.01);
  }

  @Test
  void aBucketIsReusedOnceItsSecondHasLeftTheWindow() {
    record(9, OperationKind.START, true, 1); // same ring slot as 1 s ago
    record(1, OperationKind.START, true, 1);
    record(9, OperationKind.START, true, 1); // late, too old: dropped
    assertEquals(0.2, window.current().startsPerSecond(), 1e-9);
  }
}
