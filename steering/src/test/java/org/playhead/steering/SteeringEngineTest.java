package org.playhead.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SteeringEngineTest {
  static final long NOW = 1_800_000_000_000L;
  static final String TITLE = "title-42";
  static final String IN_SUBNET = "81.2.69.160"; // inside emb-c's /24
  static final String IN_ISP = "81.2.3.4"; // the ISP's /16, outside the /24

  private final DeliveryNetwork network = TestNetworks.parse(TestNetworks.ISP);
  private final SteeringPolicy policy = new SteeringPolicy(30_000, 90, 4, 3, 60_000);
  private final Map<String, CacheReport> reports = new HashMap<>();
  private final Map<String, CacheMark> marks = new HashMap<>();
  private final Map<String, FailureTally> failures = new HashMap<>();
  private SteeringEngine engine;

  @BeforeEach
  void everyCacheHealthyAndHoldingTheTitle() {
    for (Cache c : network.caches()) {
      report(c.id(), true, 20, NOW - 1_000);
    }
    engine = new SteeringEngine(view());
  }

  private HealthView view() {
    return HealthView.of(network, policy, reports, marks, failures);
  }

  private void report(String id, boolean healthy, double load, long at) {
    reports.put(id, new CacheReport(id, healthy, load, List.of(TITLE, "title-7"), false, at));
    if (engine != null) {
      engine.update(view());
    }
  }

  private List<String> pathways(String address) {
    return pathways(address, TITLE, Demotions.NONE, NOW);
  }

  private List<String> pathways(String address, String title, Demotions demotions, long now) {
    return engine.answer(address, title, demotions, now).pathways();
  }

  @Test
  void ranksByTierThenMostSpecificPrefixAndAlwaysEndsWithTheOrigin() {
    List<String> ranked = pathways(IN_SUBNET);
    // emb-c holds the /24; emb-a and emb-b share the /16 (their order is the title's hash).
    assertEquals("emb-c", ranked.get(0));
    assertEquals(List.of("emb-a", "emb-b"), ranked.subList(1, 3).stream().sorted().toList());
    assertEquals(List.of("ix-1", "origin"), ranked.subList(3, 5));

    List<String> isp = pathways(IN_ISP);
    assertEquals(List.of("emb-a", "emb-b"), isp.subList(0, 2).stream().sorted().toList());
    assertEquals(List.of("ix-1", "transit-1", "origin"), isp.subList(2, 5));
  }

  @Test
  void farTiersFillInWhenNearOnesAreMissing() {
    assertEquals(List.of("transit-1", "partner", "origin"), pathways("81.9.9.9"));
    assertEquals(List.of("partner", "origin"), pathways("192.0.2.1"));
    assertEquals(List.of("partner", "origin"), pathways("2001:db8::1"));
  }

  @Test
  void ipv6ClientsMatchTheirOwnPrefixes() {
    List<String> ranked = pathways("2a02:c7f:1234::77");
    assertEquals("emb-c", ranked.get(0));
    assertEquals(List.of("ix-1", "origin"), ranked.subList(3, 5));
    assertEquals(
        "2a02:c7f:1234::/48",
        engine.answer("2a02:c7f:1234::77", TITLE, Demotions.NONE, NOW).clientNetwork());
  }

  @Test
  void dropsUnhealthyOverloadedMarkedFailingAndCachesWithoutTheTitle() {
    report("emb-c", false, 20, NOW);
    assertFalse(pathways(IN_SUBNET).contains("emb-c"));

    report("emb-c", true, 95, NOW);
    assertFalse(pathways(IN_SUBNET).contains("emb-c"), "overloaded");

    report("emb-c", true, 20, NOW);
    assertTrue(pathways(IN_SUBNET).contains("emb-c"));
    assertFalse(pathways(IN_SUBNET, "title-unheld", Demotions.NONE, NOW).contains("emb-c"));

    marks.put("emb-c", new CacheMark("emb-c", true, "drill", "sre-1", NOW));
    engine.update(view());
    assertFalse(pathways(IN_SUBNET).contains("emb-c"), "marked down");
    marks.clear();

    failures.put("emb-c", new FailureTally(3, 3, List.of(1L, 2L)));
    engine.update(view());
    assertFalse(pathways(IN_SUBNET).contains("emb-c"), "players report failures");
    failures.put("emb-c", new FailureTally(2, 2, List.of(1L, 2L)));
    engine.update(view());
    assertTrue(pathways(IN_SUBNET).contains("emb-c"), "below the threshold");
    failures.put("emb-c", new FailureTally(6, 2, List.of(1L, 2L)));
    engine.update(view());
    assertTrue(pathways(IN_SUBNET).contains("emb-c"), "too few sessions");
    failures.put("emb-c", new FailureTally(6, 6, List.of(1L)));
    engine.update(view());
    assertTrue(pathways(IN_SUBNET).contains("emb-c"), "one client network");
  }

  @Test
  void aFullCatalogCacheHoldsEveryTitle() {
    reports.put("partner", new CacheReport("partner", true, 10, List.of(), true, NOW));
    engine.update(view());
    assertEquals(
        List.of("partner", "origin"), pathways("192.0.2.1", "any-title", Demotions.NONE, NOW));
  }

  @Test
  void silentCachesAgeOutAndComeBackWithTheirNextReport() {
    long later = NOW + 31_000;
    assertEquals(List.of("origin"), pathways(IN_SUBNET, TITLE, Demotions.NONE, later));
    assertTrue(
        engine
            .answer(IN_SUBNET, TITLE, Demotions.NONE, later)
            .choices()
            .get(0)
            .reason()
            .contains("none of the 6 caches serving this address is eligible"));

    report("emb-c", true, 20, later - 100);
    assertEquals(List.of("emb-c", "origin"), pathways(IN_SUBNET, TITLE, Demotions.NONE, later));
  }

  @Test
  void neverReportedCachesAreNotChosen() {
    reports.clear();
    engine.update(view());
    assertEquals(List.of("origin"), pathways(IN_SUBNET));
  }

  @Test
  void demotedCachesRankLastForTheSessionUntilTheTtlPasses() {
    Demotions demoted = Demotions.NONE.with("emb-c", NOW + 10_000, NOW);
    // With four caches per answer, the demoted cache makes room for a farther one.
    assertEquals(
        List.of("ix-1", "transit-1", "origin"),
        pathways(IN_SUBNET, TITLE, demoted, NOW).subList(2, 5));
    engine.update(
        HealthView.of(
            network, new SteeringPolicy(30_000, 90, 8, 3, 60_000), reports, marks, failures));
    List<String> ranked = pathways(IN_SUBNET, TITLE, demoted, NOW);
    assertEquals("emb-c", ranked.get(5), "after every other cache, before the origin: " + ranked);
    assertEquals("origin", ranked.get(6));
    assertTrue(
        engine
            .answer(IN_SUBNET, TITLE, demoted, NOW)
            .choices()
            .get(5)
            .reason()
            .startsWith("demoted"));

    // Retried after the TTL, not excluded for ever.
    assertEquals("emb-c", pathways(IN_SUBNET, TITLE, demoted, NOW + 10_001).get(0));
    // Another session is not affected.
    assertEquals("emb-c", pathways(IN_SUBNET, TITLE, Demotions.NONE, NOW).get(0));
  }

  @Test
  void demotionsAccumulateAndForgetExpiredOnes() {
    Demotions d = Demotions.NONE.with("emb-a", NOW + 1_000, NOW).with("emb-b", NOW + 5_000, NOW);
    assertTrue(d.isDemoted("emb-a", NOW));
    assertTrue(d.isDemoted("emb-b", NOW));
    Demotions later = d.with("ix-1", NOW + 9_000, NOW + 2_000);
    assertFalse(later.isDemoted("emb-a", NOW), "dropped when past");
    assertTrue(later.isDemoted("emb-b", NOW + 2_000));
    assertTrue(later.isDemoted("ix-1", NOW + 2_000));
    assertTrue(later.isEmpty(NOW + 9_000));
  }

  @Test
  void aTitleStaysOnTheSameCachesAndTitlesSpreadByHeadroom() {
    // Same inputs, same order, every time and on every node.
    assertEquals(pathways(IN_ISP), pathways(IN_ISP));

    Map<String, Integer> firsts = new HashMap<>();
    for (int t = 0; t < 2_000; t++) {
      String title = "title-" + t;
      for (String id : List.of("emb-a", "emb-b")) {
        reports.put(
            id,
            new CacheReport(id, true, id.equals("emb-a") ? 25 : 75, List.of(title), false, NOW));
      }
      engine.update(view());
      firsts.merge(pathways(IN_ISP, title, Demotions.NONE, NOW).get(0), 1, Integer::sum);
    }
    // emb-a has 75 Gbps free, emb-b 25: about three titles in four go to emb-a first.
    int a = firsts.getOrDefault("emb-a", 0);
    assertTrue(a > 1_350 && a < 1_650, "emb-a first for " + a + " of 2000 titles");
  }

  @Test
  void removingACacheMovesOnlyItsTitles() {
    Map<String, String> before = new HashMap<>();
    for (int t = 0; t < 500; t++) {
      before.put("t" + t, firstFor("t" + t));
    }
    reports.remove("emb-b");
    engine.update(view());
    for (int t = 0; t < 500; t++) {
      String title = "t" + t;
      if (before.get(title).equals("emb-a")) {
        assertEquals("emb-a", firstFor(title), title);
      }
    }
  }

  private String firstFor(String title) {
    reports.replaceAll(
        (id, r) -> new CacheReport(id, r.healthy(), r.loadPercent(), List.of(title), false, NOW));
    engine.update(view());
    return pathways(IN_ISP, title, Demotions.NONE, NOW).get(0);
  }

  @Test
  void keepsAtMostMaxCaches() {
    SteeringPolicy two = new SteeringPolicy(30_000, 90, 2, 3, 60_000);
    engine.update(HealthView.of(network, two, reports, marks, failures));
    assertEquals(3, pathways(IN_SUBNET).size());
    assertEquals("emb-c", pathways(IN_SUBNET).get(0));
  }

  @Test
  void reasonsSayWhy() {
    SteeringAnswer answer = engine.answer(IN_SUBNET, TITLE, Demotions.NONE, NOW);
    assertEquals("embedded at man, /24 match, 80% headroom", answer.choices().get(0).reason());
    assertEquals("embedded", answer.choices().get(0).tier());
    assertEquals("https://emb-c.example.net/media/", answer.choices().get(0).baseUrl());
    assertEquals("origin, the fallback", answer.choices().get(4).reason());
    assertEquals("81.2.69.0/24", answer.clientNetwork());
    assertEquals(network.version(), answer.networkVersion());
    assertEquals(
        "origin: no cache serves this address",
        new SteeringEngine(HealthView.empty(DeliveryNetwork.originOnly(network.origin()), policy))
            .answer(IN_SUBNET, TITLE, Demotions.NONE, NOW)
            .choices()
            .get(0)
            .reason());
  }

  @Test
  void badAddressesDecideNothing() {
    assertNull(engine.answer("81.2.69", TITLE, Demotions.NONE, NOW));
    assertFalse(engine.decide("nope", TITLE, Demotions.NONE, NOW, new DecisionBuffer()));
    assertNull(engine.explain("::1::", TITLE, NOW));
  }

  @Test
  void explainsEveryCandidate() {
    report("emb-a", false, 10, NOW);
    List<SteeringEngine.Candidate> candidates = engine.explain(IN_SUBNET, TITLE, NOW);
    assertEquals(6, candidates.size());
    assertEquals(
        Eligibility.UNHEALTHY,
        candidates.stream()
            .filter(c -> c.cacheId().equals("emb-a"))
            .findFirst()
            .orElseThrow()
            .eligibility());
  }

  @Test
  void theBufferIsReusable() {
    DecisionBuffer buffer = new DecisionBuffer();
    assertTrue(engine.decide(IN_SUBNET, TITLE, Demotions.NONE, NOW, buffer));
    assertEquals(4, buffer.count());
    assertTrue(engine.decide("192.0.2.1", TITLE, Demotions.NONE, NOW, buffer));
    assertEquals(1, buffer.count());
    assertEquals(network.indexOf("partner").orElseThrow(), buffer.cacheAt(0));
  }
}
