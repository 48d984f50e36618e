package org.playhead.chaos.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.cluster.Fault;
import org.playhead.chaos.cluster.Injection;
import org.playhead.chaos.cluster.ShardMap;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.report.DrillReport.FaultReport;
import org.playhead.chaos.report.DrillReport.Phase;
import org.playhead.chaos.report.DrillReport.Stats;

/** Phases read from a hand-made kill -9 and a Cassandra restart. */
class FailoverAnalysisTest {
  private final ShardMap shards = new ShardMap(1000);
  private final List<String> victims = List.of("v1", "v2", "v3");
  private final List<String> others = List.of("o1", "o2", "o3", "o4", "o5", "o6");

  private Map<String, Integer> shardsOf(List<String> sessions) {
    return sessions.stream().collect(Collectors.toMap(shards::shardOf, s -> 1, Integer::sum));
  }

  @Test
  void aKillGoesThroughDetectDecideMoveRecoverSettle() {
    Ops ops = new Ops().steady(others, 0, 60_000, 4).steady(victims, 0, 10_000, 4);
    for (long t = 10_000; t < 29_000; t += 1000) {
      for (String v : victims) {
        ops.fail(t, v, "503 unavailable");
      }
    }
    ops.ok(29_500, "v1", 40).ok(29_800, "v2", 30).ok(31_000, "v3", 20);
    ops.steady(victims, 32_000, 60_000, 4);
    List<Operation> list = ops.list();
    Injection kill =
        Injection.of(Fault.parse("kill9:node-2"), "node-2", Ops.at(10_000), shardsOf(victims));
    List<MembershipEvent> events =
        List.of(
            new MembershipEvent(Ops.at(14_000), "node-1", "node-2", MembershipEvent.UNREACHABLE),
            new MembershipEvent(Ops.at(14_200), "node-3", "node-2", MembershipEvent.UNREACHABLE),
            new MembershipEvent(Ops.at(21_000), "node-3", "node-2", "down"),
            new MembershipEvent(Ops.at(22_000), "node-1", "node-2", MembershipEvent.REMOVED));
    List<ShardAppearance> appearances =
        victims.stream()
            .map(
                v ->
                    new ShardAppearance(
                        Ops.at(v.equals("v3") ? 30_500 : 29_000), shards.shardOf(v), "node-1"))
            .toList();
    OpsTimeline timeline = new OpsTimeline(Ops.T0, list);
    Stats baseline = timeline.stats(0, 10_000);
    FailoverAnalysis analysis =
        new FailoverAnalysis(
            timeline, list, events, appearances, shards, baseline, SettleRule.defaults());

    FaultReport r = analysis.analyse(1, kill, Set.copyOf(victims), Ops.at(60_000));

    assertEquals("kill9:node-2", r.fault());
    assertEquals(10_000, r.atMs());
    assertEquals(4_000, r.detectMs());
    assertEquals(11_000, r.decideMs());
    assertEquals(19_000, r.moveFirstMs());
    assertEquals(20_500, r.moveMs());
    assertEquals(19_540, r.recoverMs(), "first good answer: sent +19.5 s, answered 40 ms later");
    assertEquals(3, r.recovery().sessions());
    assertEquals(3, r.recovery().recovered());
    assertEquals(21_020, r.recovery().maxMs());
    assertEquals(20_000, r.settleMs(), "the first whole window after the first good answer");
    assertEquals(
        List.of("detect", "decide", "move", "recover", "settle"),
        r.phases().stream().map(Phase::name).toList());
    Phase decide = r.phases().get(1);
    assertEquals(4_000, decide.fromMs());
    assertEquals(11_000, decide.toMs());
    assertEquals(21, decide.errors(), "3 sessions x 7 s of failed heartbeats");
    assertEquals(Map.of("503 unavailable", 21L), decide.errorsByKind());
    assertEquals(3, r.sessionsOnNode());
    assertTrue(r.notes().isEmpty(), r.notes().toString());
  }

  @Test
  void aCassandraRestartRecoversWhenFailedSessionsAnswerAgain() {
    Ops ops = new Ops().steady(others, 0, 40_000, 4);
    ops.fail(12_000, "o1", "503 unavailable").fail(13_000, "o2", "503 unavailable");
    ops.ok(25_000, "o1", 8).ok(26_000, "o2", 9);
    List<Operation> list = ops.list();
    Injection restart = Injection.of(Fault.parse("cassandra:5s"), null, Ops.at(10_000), Map.of());
    OpsTimeline timeline = new OpsTimeline(Ops.T0, list);
    FailoverAnalysis analysis =
        new FailoverAnalysis(
            timeline,
            list,
            List.of(),
            List.of(),
            shards,
            timeline.stats(0, 10_000),
            SettleRule.defaults());

    FaultReport r = analysis.analyse(2, restart, Set.of(), Ops.at(40_000));

    assertNull(r.detectMs());
    assertNull(r.moveFirstMs());
    assertEquals(2, r.recovery().sessions());
    assertEquals(2, r.recovery().recovered());
    // o1's steady heartbeats answer right after its failure, before the explicit ok at 25 s.
    assertTrue(r.recoverMs() < 15_000, "first answer after a failure: " + r.recoverMs());
    assertTrue(r.settleMs() != null);
  }

  @Test
  void aFreezeTooShortToBeDetectedSaysSo() {
    Ops ops = new Ops().steady(others, 0, 40_000, 4);
    List<Operation> list = ops.list();
    Injection freeze =
        Injection.of(Fault.parse("freeze:node-3:2s"), "node-3", Ops.at(10_000), Map.of());
    OpsTimeline timeline = new OpsTimeline(Ops.T0, list);
    FaultReport r =
        new FailoverAnalysis(
                timeline,
                list,
                List.of(),
                List.of(),
                shards,
                timeline.stats(0, 10_000),
                SettleRule.defaults())
            .analyse(1, freeze, Set.of(), Ops.at(40_000));
    assertNull(r.detectMs());
    assertTrue(r.notes().get(0).contains("thawed before failure detection"), r.notes().toString());
  }

  @Test
  void errorKindsAreShortAndOnOneLine() {
    Operation op =
        new Ops()
            .add(
                0,
                "s",
                org.playhead.chaos.load.OperationKind.STOP,
                false,
                1,
                "  503\n  " + "x".repeat(100))
            .list()
            .get(0);
    String kind = FailoverAnalysis.errorKind(op);
    assertEquals(60, kind.length());
    assertTrue(kind.startsWith("503 x"));
    assertEquals(
        Map.of("a", 9L, "b", 8L, "c", 7L, "d", 6L, "e", 5L, "f", 4L, "other", 5L),
        FailoverAnalysis.topKinds(
            Map.of("a", 9L, "b", 8L, "c", 7L, "d", 6L, "e", 5L, "f", 4L, "g", 3L, "h", 2L)));
  }
}
