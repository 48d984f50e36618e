package org.playhead.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** No single client can make a cache unhealthy for everyone; many clients still can. */
class PlayerFailuresTest {
  private static final long NOW = 1_750_000_000_000L;
  private final SteeringPolicy policy = SteeringPolicy.defaults();
  private final PlayerFailures failures = new PlayerFailures(policy);

  @Test
  void oneSessionReportingForeverCountsTwiceAtMost() {
    for (int i = 0; i < 1_000; i++) {
      failures.record("oca-1", "s-hostile", ClientNetworks.of("81.2.69.160"), NOW + i);
    }
    FailureTally tally = failures.tallies(NOW + 1_000).get("oca-1");
    assertEquals(new FailureTally(2, 1, List.of(ClientNetworks.of("81.2.69.1"))), tally);
    assertFalse(policy.failing(tally));
  }

  @Test
  void manySessionsFromOneNetworkAreOneClient() {
    for (int i = 0; i < 50; i++) {
      failures.record("oca-1", "s-" + i, ClientNetworks.of("81.2.69." + i), NOW);
    }
    FailureTally tally = failures.tallies(NOW).get("oca-1");
    assertEquals(50, tally.sessions());
    assertEquals(1, tally.networks().size());
    assertFalse(policy.failing(tally));
  }

  @Test
  void sessionsOnSeveralNetworksMarkTheCache() {
    failures.record("oca-1", "s-1", ClientNetworks.of("81.2.69.10"), NOW);
    failures.record("oca-1", "s-2", ClientNetworks.of("81.2.70.10"), NOW);
    failures.record("oca-1", "s-3", ClientNetworks.of("2a02:c7f:1234::1"), NOW);
    failures.record("oca-1", "s-3", ClientNetworks.of("2a02:c7f:1234::1"), NOW);
    assertFalse(policy.failing(failures.tallies(NOW).get("oca-1")), "4 of 5 reports");
    failures.record("oca-1", "s-1", ClientNetworks.of("81.2.69.10"), NOW);
    assertTrue(policy.failing(failures.tallies(NOW).get("oca-1")));
    // The window ends: the reports are forgotten.
    assertTrue(failures.tallies(NOW + policy.failureWindowMs()).isEmpty());
  }

  @Test
  void nodesTalliesMergeSessionsAndUniteNetworks() {
    FailureTally a = new FailureTally(2, 2, List.of(1L, 2L));
    FailureTally b = new FailureTally(3, 2, List.of(2L, 3L));
    assertEquals(new FailureTally(5, 4, List.of(1L, 2L, 3L)), a.merge(b));
  }

  @Test
  void networksAreA24OrA48() {
    assertEquals(ClientNetworks.of("81.2.69.1"), ClientNetworks.of("81.2.69.254"));
    assertFalse(ClientNetworks.of("81.2.69.1") == ClientNetworks.of("81.2.70.1"));
    assertEquals(ClientNetworks.of("2a02:c7f:1234::1"), ClientNetworks.of("2a02:c7f:1234:ff::9"));
    assertFalse(ClientNetworks.of("2a02:c7f:1234::1") == ClientNetworks.of("2a02:c7f:1235::1"));
    assertEquals(ClientNetworks.UNKNOWN, ClientNetworks.of("not an address"));
    assertEquals(ClientNetworks.UNKNOWN, ClientNetworks.of("::"));
  }
}
