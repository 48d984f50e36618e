package org.playhead.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.session.ManualClock;
import org.playhead.session.steering.SessionLoadShedder;

class TrustedProxiesTest {
  private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "2001:db8::1"));

  @Test
  void anyoneElsesForwardingHeadersAreIgnored() {
    assertEquals("203.0.113.9", proxies.client("203.0.113.9", List.of("81.2.69.160"), List.of()));
    assertEquals(
        "203.0.113.9",
        TrustedProxies.NONE.client("203.0.113.9", List.of("81.2.69.160"), List.of()));
  }

  @Test
  void behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
    // The client forged the leftmost entry; our proxies appended the rest.
    assertEquals(
        "81.2.69.160",
        proxies.client("10.0.0.2", List.of("6.6.6.6, 81.2.69.160", "10.0.0.7"), List.of()));
    assertEquals("10.0.0.7", proxies.client("10.0.0.2", List.of("10.0.0.7"), List.of()));
    assertEquals("10.0.0.2", proxies.client("10.0.0.2", List.of(), List.of()));
  }

  @Test
  void forwardedIsReadAsRfc7239WritesIt() {
    assertEquals(
        "2001:db8:cafe:0:0:0:0:17",
        proxies.client(
            "2001:db8::1",
            List.of("6.6.6.6"),
            List.of("for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\";proto=https")));
    assertEquals(
        "192.0.2.43", proxies.client("10.1.1.1", List.of(), List.of("for=192.0.2.43:8080")));
    // An obfuscated hop: the proxy nearest to it is what we know.
    assertEquals("10.1.1.1", proxies.client("10.1.1.1", List.of(), List.of("for=_hidden")));
    assertEquals("10.1.1.1", proxies.client("10.1.1.1", List.of("not an address"), List.of()));
  }

  @Test
  void anIpv4MappedPeerIsTheIpv4Proxy() {
    assertEquals(
        "81.2.69.160", proxies.client("::ffff:10.0.0.2", List.of("81.2.69.160"), List.of()));
  }

  @Test
  void aBadProxyListStopsTheNode() {
    assertThrows(IllegalArgumentException.class, () -> new TrustedProxies(List.of("10.0.0/33")));
  }

  @Test
  void oneSessionCannotTakeTheWholeSteeringBudget() {
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    SessionLoadShedder shedder = new SessionLoadShedder(3, 1, 1000, clock);
    for (int i = 0; i < 3; i++) {
      assertEquals(true, shedder.tryAcquire("s-loud"));
    }
    assertEquals(false, shedder.tryAcquire("s-loud"));
    assertEquals(true, shedder.tryAcquire("s-quiet"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(true, shedder.tryAcquire("s-loud"));
  }
}
