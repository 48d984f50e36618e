package org.playhead.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's generator at a tenth of its size (the full 1,000 caches and 100,000 prefixes run
 * in the JMH benchmark, not here): a generated network parses, and every client gets a near cache.
 */
class LargeNetworkTest {
  @Test
  void aGeneratedNetworkParsesAndClientsGetNearCaches() throws Exception {
    SyntheticNetwork synthetic = SyntheticNetwork.generate(200, 100, 1);
    DeliveryNetwork network = DeliveryNetworkFile.parse(synthetic.text);
    assertEquals(200, network.caches().size());
    assertTrue(network.prefixes().prefixCount() >= 6_000, "" + network.prefixes().prefixCount());

    long now = 1_800_000_000_000L;
    Map<String, CacheReport> reports = new HashMap<>();
    synthetic.reports(now, 2).forEach(r -> reports.put(r.cacheId(), r));
    SteeringEngine engine =
        new SteeringEngine(
            HealthView.of(network, SteeringPolicy.defaults(), reports, Map.of(), Map.of()));
    DecisionBuffer buffer = new DecisionBuffer();
    int embeddedFirst = 0;
    for (int i = 0; i < 1_000; i++) {
      String address = synthetic.clientAddresses.get(i % synthetic.clientAddresses.size());
      assertTrue(engine.decide(address, "title-" + i, Demotions.NONE, now, buffer), address);
      assertEquals(SteeringPolicy.defaults().maxCaches(), buffer.count(), address);
      if (network.caches().get(buffer.cacheAt(0)).tier() == Tier.EMBEDDED) {
        embeddedFirst++;
      }
    }
    // Every client address lies in an ISP's prefix; an embedded cache leads unless neither of the
    // ISP's two caches holds the title (each holds about a third of titles).
    assertTrue(embeddedFirst > 400, "embedded first for " + embeddedFirst + " of 1000");
  }
}
