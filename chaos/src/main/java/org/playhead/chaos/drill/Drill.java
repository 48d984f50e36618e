package org.playhead.chaos.drill;

import com.typesafe.config.Config;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.playhead.chaos.Await;
import org.playhead.chaos.cluster.CassandraControl;
import org.playhead.chaos.cluster.ClusterSpec;
import org.playhead.chaos.cluster.Fault;
import org.playhead.chaos.cluster.FaultInjector;
import org.playhead.chaos.cluster.Injection;
import org.playhead.chaos.cluster.PlayheadCluster;
import org.playhead.chaos.cluster.ShardMap;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;
import org.playhead.chaos.load.OperationLedger;
import org.playhead.chaos.load.PlayerSimulator;
import org.playhead.chaos.load.SimulatorConfig;
import org.playhead.chaos.report.DrillReport;
import org.playhead.chaos.report.DrillReport.FaultReport;
import org.playhead.chaos.report.DrillReport.Stats;
import org.playhead.chaos.report.ReportFiles;
import org.playhead.chaos.verify.DrillVerifier;
import org.playhead.chaos.verify.VerificationResult;
import org.playhead.chaos.verify.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link DrillPlan}: starts the cluster and the players, measures a baseline, injects each
 * fault and watches it until players settle, stops the players, has the verifier check everything
 * they were told from outside, and writes the report. A violation fails the drill.
 */
public final class Drill {
  /** How often the loop looks again: the drill's and the monkey's clock tick. */
  private static final Duration TICK = Duration.ofSeconds(1);

  /** Answers recorded out of order by racing threads are this close in time. */
  private static final Duration LEDGER_SLACK = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(Drill.class);
  private static final Duration MEMBERS_POLL = Duration.ofMillis(250);
  private static final Duration SHARDS_POLL = Duration.ofMillis(500);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final String id;
  private final DrillPlan plan;
  private final Consumer<String> progress;

  public Drill(String id, DrillPlan plan, Consumer<String> progress) {
    if (!id.matches("[a-zA-Z0-9-]{1,64}")) {
      throw new IllegalArgumentException("a drill id is letters, digits and '-'");
    }
    this.id = id;
    this.plan = plan;
    this.progress = progress;
  }

  /** A fresh id: the UTC start time and a random suffix. */
  public static String newId(Instant now) {
    return "drill-"
        + ID_TIME.format(now)
        + "-"
        + Integer.toHexString(0x1000 + new SecureRandom().nextInt(0xf000));
  }

  public String id() {
    return id;
  }

  private void say(String message) {
    log.info("[{}] {}", id, message);
    progress.accept(message);
  }

  /** Runs the drill to its end and writes its report; never throws for a failed drill. */
  public DrillReport run() {
    Instant started = Instant.now();
    Config nodeConfig = plan.cluster().nodeConfig();
    DrillReport report;
    try {
      report = execute(started, nodeConfig);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      report = errorReport(started, nodeConfig, "interrupted");
    } catch (Exception e) {
      log.error("[{}] drill failed to run", id, e);
      report =
          errorReport(started, nodeConfig, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    try {
      ReportFiles.write(plan.outputDir().resolve(id), report);
      say("report written to " + plan.outputDir().resolve(id).toAbsolutePath());
    } catch (java.io.IOException e) {
      log.error("[{}] could not write the report", id, e);
    }
    return report;
  }

  private DrillReport execute(Instant started, Config nodeConfig) throws Exception {
    ClusterSpec spec = plan.cluster();
    ShardMap shardMap = ShardMap.of(nodeConfig);
    Optional<CassandraControl> cassandra =
        plan.cassandractl()
            .map(
                ctl ->
                    new CassandraControl(
                        ctl, plan.outputDir().resolve(id).resolve("cassandractl.log")));
    say("starting " + spec.nodes() + " nodes");
    try (PlayheadCluster cluster = PlayheadCluster.start(spec);
        ClusterWatcher watcher = ClusterWatcher.start(cluster, MEMBERS_POLL, SHARDS_POLL);
        FaultInjector injector =
            new FaultInjector(cluster, cassandra, new Random(plan.players().seed()))) {
      say("cluster Up; starting " + plan.players().sessions() + " players");
      PlayerSimulator players =
          PlayerSimulator.start(plan.players(), cluster.endpoints(), spec.devKeysFile());
      try {
        Stats baseline = null;
        List<Injection> injections = new ArrayList<>();
        String failure = null;
        try {
          awaitRamp(players);
          say("measuring the baseline for " + plan.baseline().toSeconds() + " s");
          Instant baselineFrom = Instant.now();
          Await.elapse(plan.baseline());
          Instant baselineTo = Instant.now();
          baseline =
              stats(
                  players.ledgerSoFar().sentSince(baselineFrom, LEDGER_SLACK),
                  started,
                  baselineFrom,
                  baselineTo);
          say("baseline: " + describe(baseline));
          injectAll(cluster, injector, players, started, baseline, shardMap, injections);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          // What was recorded until now still goes into the report, to show what went wrong.
          log.error("[{}] drill stopped early", id, e);
          failure = e.getClass().getSimpleName() + ": " + e.getMessage();
          say("drill stopped early: " + failure);
        }
        say("stopping the players");
        OperationLedger ledger = players.stop();
        List<Operation> operations = OpsTimeline.sorted(ledger.operations());
        Instant finishedLoad = Instant.now();

        // By position: an injection's marks may still change, so it is no map key.
        List<Set<String>> sessionsOf = new ArrayList<>();
        Set<String> sessionsOfKilled = new LinkedHashSet<>();
        for (Injection injection : injections) {
          Set<String> sessions = sessionsOnNodeAt(injection, operations, shardMap);
          sessionsOf.add(sessions);
          if (injection.node() != null && !(injection.fault() instanceof Fault.RestartNode)) {
            sessionsOfKilled.addAll(sessions);
          }
        }
        say(
            "verifying "
                + operations.size()
                + " operations; "
                + sessionsOfKilled.size()
                + " sessions lived on nodes hit by faults");
        DrillVerifier verifier =
            new DrillVerifier(
                cluster.answeringNodes().stream().map(n -> n.endpoint()).toList(),
                spec.devKeysFile(),
                spec.cassandra().host(),
                spec.cassandra().port(),
                nodeConfig.getDuration("playhead.session.checkpoint-interval"));
        VerificationResult verification =
            failure == null ? verifier.verify(ledger, sessionsOfKilled) : null;

        OpsTimeline timeline = new OpsTimeline(started, operations);
        FailoverAnalysis analysis =
            new FailoverAnalysis(
                timeline,
                operations,
                watcher.events(),
                watcher.appearances(),
                shardMap,
                baseline,
                plan.settle());
        List<FaultReport> faults = new ArrayList<>();
        for (int i = 0; baseline != null && i < injections.size(); i++) {
          Instant until = i + 1 < injections.size() ? injections.get(i + 1).at() : finishedLoad;
          Injection injection = injections.get(i);
          faults.add(analysis.analyse(i + 1, injection, sessionsOf.get(i), until));
        }
        DrillReport report =
            new DrillReport(
                id,
                failure != null
                    ? DrillReport.ERROR
                    : verification.passed() ? DrillReport.PASSED : DrillReport.FAILED,
                started,
                Instant.now(),
                planSummary(),
                tuning(nodeConfig),
                baseline,
                faults,
                verification == null ? null : verificationView(verification),
                timeline.perSecond(),
                membership(watcher.events(), started),
                totals(operations),
                failure);
        say(
            "drill "
                + report.outcome()
                + (verification == null || verification.passed()
                    ? ""
                    : ": " + verification.violations().size() + " violation(s)"));
        return report;
      } finally {
        players.close();
      }
    }
  }

  /**
   * Injects the plan's faults in order, each watched until players settle; a fault that takes a
   * node away is followed by that node's restart (when the plan says so).
   */
  private void injectAll(
      PlayheadCluster cluster,
      FaultInjector injector,
      PlayerSimulator players,
      Instant started,
      Stats baseline,
      ShardMap shardMap,
      List<Injection> injections)
      throws Exception {
    List<Fault> queue = new ArrayList<>(plan.faults());
    for (int i = 0; i < queue.size(); i++) {
      Fault fault = queue.get(i);
      if (!(fault instanceof Fault.RestartNode) && !(fault instanceof Fault.RestartCassandra)) {
        cluster.awaitHealthy(Duration.ofSeconds(90));
      }
      say("fault " + (injections.size() + 1) + ": " + fault.spec());
      Injection injection = injector.inject(fault);
      injections.add(injection);
      observe(injection, players, started, baseline, shardMap);
      boolean downed =
          fault.downsNode()
              || (fault instanceof Fault.Freeze
                  && cluster.node(injection.node()).state().isDown()); // thawed, then downed
      if (downed && plan.restartDowned()) {
        queue.add(i + 1, new Fault.RestartNode(Optional.of(injection.node())));
      }
    }
  }

  /** Waits until nearly every player's session is live (or the ramp timeout). */
  private void awaitRamp(PlayerSimulator players) throws InterruptedException {
    int wanted = (int) Math.ceil(plan.players().sessions() * 0.9);
    try {
      Await.until("the ramp", plan.rampTimeout(), TICK, () -> players.liveSessions() >= wanted);
      say(players.liveSessions() + " sessions live");
    } catch (java.util.concurrent.TimeoutException e) {
      say("ramp timeout: going on with the sessions started so far");
    }
  }

  /**
   * Watches a fault until its last step is done and players have settled (judged on operations sent
   * at least {@code settleLag} ago, all of which are answered by then), or until {@code observe}
   * runs out.
   */
  private void observe(
      Injection injection, PlayerSimulator players, Instant origin, Stats baseline, ShardMap map)
      throws InterruptedException {
    Instant deadline = injection.at().plus(plan.observe());
    long window = plan.settle().window().toMillis();
    long lag = plan.settleLag().toMillis();
    while (Instant.now().isBefore(deadline)) {
      Await.elapse(TICK);
      if (!injection.done().isDone()) {
        continue;
      }
      if (injection.done().isCompletedExceptionally()) {
        say("fault " + injection.fault().spec() + " failed; see the log");
        return;
      }
      Instant doneAt =
          injection.marks().stream()
              .map(Injection.Mark::at)
              .max(Instant::compareTo)
              .orElse(injection.at());
      Instant windowStart = Instant.now().minusMillis(lag + window);
      if (windowStart.isBefore(doneAt) || windowStart.isBefore(injection.at().plusSeconds(1))) {
        continue;
      }
      List<Operation> ops = players.ledgerSoFar().sentSince(injection.at(), LEDGER_SLACK);
      if (injection.node() != null
          && !(injection.fault() instanceof Fault.RestartNode)
          && !recovered(injection, ops, map)) {
        continue;
      }
      Stats recent = stats(ops, origin, windowStart, windowStart.plusMillis(window));
      if (plan.settle().settled(baseline, recent)) {
        say(
            "settled "
                + Duration.between(injection.at(), windowStart).toSeconds()
                + " s after the fault: "
                + describe(recent));
        return;
      }
    }
    say(
        "observation of "
            + injection.fault().spec()
            + " ended unsettled after "
            + plan.observe().toSeconds()
            + " s");
  }

  /** Whether some session of the hit node answered well after the fault. */
  private static boolean recovered(Injection injection, List<Operation> ops, ShardMap map) {
    Set<String> shards = injection.shardsBefore().keySet();
    for (int i = ops.size() - 1; i >= 0; i--) {
      Operation op = ops.get(i);
      if (op.at().isBefore(injection.at())) {
        return false;
      }
      if (op.acknowledged() && shards.contains(map.shardOf(op.sessionId()))) {
        return true;
      }
    }
    return false;
  }

  /** Sessions started and not stopped before the fault, whose shard the hit node hosted. */
  static Set<String> sessionsOnNodeAt(Injection injection, List<Operation> ops, ShardMap map) {
    if (injection.node() == null || injection.shardsBefore().isEmpty()) {
      return Set.of();
    }
    Set<String> live = new HashSet<>();
    for (Operation op : ops) {
      if (!op.at().isBefore(injection.at())) {
        break;
      }
      if (op.acknowledged() && op.kind() == OperationKind.START) {
        live.add(op.sessionId());
      } else if (op.acknowledged() && op.kind() == OperationKind.STOP) {
        live.remove(op.sessionId());
      }
    }
    return new java.util.TreeSet<>(map.entitiesIn(injection.shardsBefore().keySet(), live));
  }

  static Stats stats(List<Operation> ops, Instant origin, Instant from, Instant to) {
    List<Operation> window = new ArrayList<>();
    for (Operation op : ops) {
      if (!op.at().isBefore(from) && op.at().isBefore(to)) {
        window.add(op);
      }
    }
    OpsTimeline timeline = new OpsTimeline(from, window);
    Stats s = timeline.stats(0, to.toEpochMilli() - from.toEpochMilli());
    long offset = from.toEpochMilli() - origin.toEpochMilli();
    return new Stats(
        offset,
        offset + s.toMs(),
        s.operations(),
        s.acknowledged(),
        s.errors(),
        s.acknowledgedPerSecond(),
        s.errorRate(),
        s.p50Ms(),
        s.p99Ms());
  }

  private static String describe(Stats s) {
    return String.format(
        "%.0f acknowledged/s, error rate %.2f%%, p50 %d ms, p99 %d ms",
        s.acknowledgedPerSecond(), s.errorRate() * 100, s.p50Ms(), s.p99Ms());
  }

  private DrillReport.PlanSummary planSummary() {
    SimulatorConfig p = plan.players();
    return new DrillReport.PlanSummary(
        plan.cluster().nodes(),
        p.sessions(),
        p.accounts(),
        p.heartbeatInterval().toMillis(),
        p.grpcUnaryShare(),
        p.grpcStreamShare(),
        p.httpShare(),
        p.churnPerSecond(),
        p.seed(),
        plan.faults().stream().map(Fault::spec).toList(),
        plan.baseline().toMillis());
  }

  /** The settings that decide how fast a failover goes, as the nodes ran with them. */
  public static Map<String, String> tuning(Config config) {
    Map<String, String> tuning = new LinkedHashMap<>();
    for (String path :
        List.of(
            "pekko.cluster.split-brain-resolver.active-strategy",
            "pekko.cluster.split-brain-resolver.stable-after",
            "pekko.cluster.down-removal-margin",
            "pekko.cluster.failure-detector.heartbeat-interval",
            "pekko.cluster.failure-detector.acceptable-heartbeat-pause",
            "pekko.cluster.failure-detector.threshold",
            "pekko.cluster.sharding.number-of-shards",
            "playhead.session.checkpoint-interval",
            "playhead.session.lease-ttl",
            "playhead.session.ask-timeout")) {
      if (config.hasPath(path)) {
        tuning.put(path, config.getValue(path).unwrapped().toString());
      }
    }
    return tuning;
  }

  private static DrillReport.Verification verificationView(VerificationResult result) {
    return new DrillReport.Verification(
        result.passed(),
        result.violations().stream().map(Drill::violationView).toList(),
        new LinkedHashMap<>(result.counts()));
  }

  private static DrillReport.ViolationView violationView(Violation v) {
    return new DrillReport.ViolationView(
        v.rule(), v.sessionIds().size(), v.sessionIds(), v.detail());
  }

  private static List<DrillReport.Membership> membership(
      List<MembershipEvent> events, Instant origin) {
    return events.stream()
        .map(
            e ->
                new DrillReport.Membership(
                    e.at().toEpochMilli() - origin.toEpochMilli(),
                    e.observer(),
                    e.member(),
                    e.change()))
        .toList();
  }

  static DrillReport.Totals totals(List<Operation> ops) {
    Map<String, Long> byKind = new LinkedHashMap<>();
    Map<String, Long> errors = new HashMap<>();
    long acked = 0;
    long failed = 0;
    for (Operation op : ops) {
      byKind.merge(op.kind().name(), 1L, Long::sum);
      if (op.acknowledged()) {
        acked++;
      } else if (op.isError()) {
        failed++;
        errors.merge(FailoverAnalysis.errorKind(op), 1L, Long::sum);
      }
    }
    return new DrillReport.Totals(
        ops.size(),
        acked,
        failed,
        ops.size() - acked - failed,
        byKind,
        FailoverAnalysis.topKinds(errors));
  }

  private DrillReport errorReport(Instant started, Config nodeConfig, String error) {
    return new DrillReport(
        id,
        DrillReport.ERROR,
        started,
        Instant.now(),
        planSummary(),
        tuning(nodeConfig),
        null,
        List.of(),
        null,
        List.of(),
        List.of(),
        null,
        error);
  }
}
