package org.playhead.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionBudgetTest {
  private static final SessionBudget.Limits LIMITS =
      new SessionBudget.Limits(3, Duration.ofMillis(500), 2, Duration.ofSeconds(60));
  private static final long NOW = 1_700_000_000_000L;

  @Test
  void aBurstOfReportsFitsThenOnePerInterval() {
    SessionBudget budget = SessionBudget.FULL;
    for (int i = 0; i < 3; i++) {
      assertEquals(0, budget.reportWaitMs(NOW, LIMITS), "report " + i);
      budget = budget.afterReport(NOW, LIMITS);
    }
    assertEquals(500, budget.reportWaitMs(NOW, LIMITS));
    assertEquals(100, budget.reportWaitMs(NOW + 400, LIMITS));
    assertEquals(0, budget.reportWaitMs(NOW + 500, LIMITS));
    budget = budget.afterReport(NOW + 500, LIMITS);
    assertTrue(budget.reportWaitMs(NOW + 500, LIMITS) > 0);
  }

  @Test
  void reportsAndWritesAreSpentApart() {
    SessionBudget budget = SessionBudget.FULL.afterWrite(NOW, LIMITS).afterWrite(NOW, LIMITS);
    assertEquals(60_000, budget.writeWaitMs(NOW, LIMITS));
    assertEquals(0, budget.reportWaitMs(NOW, LIMITS));
    assertEquals(0, budget.writeWaitMs(NOW + 60_000, LIMITS));
  }

  @Test
  void aQuietSessionGetsItsWholeBurstBackButNoMore() {
    SessionBudget budget = SessionBudget.FULL;
    for (int i = 0; i < 3; i++) {
      budget = budget.afterReport(NOW, LIMITS);
    }
    long later = NOW + 3_600_000;
    for (int i = 0; i < 3; i++) {
      assertEquals(0, budget.reportWaitMs(later, LIMITS));
      budget = budget.afterReport(later, LIMITS);
    }
    assertTrue(budget.reportWaitMs(later, LIMITS) > 0);
  }

  @Test
  void limitsAreChecked() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SessionBudget.Limits(0, Duration.ofMillis(500), 1, Duration.ofSeconds(1)));
    // Retry-After is whole seconds: a report interval over a second would be told wrong.
    assertThrows(
        IllegalArgumentException.class,
        () -> new SessionBudget.Limits(1, Duration.ofSeconds(2), 1, Duration.ofSeconds(1)));
  }
}
