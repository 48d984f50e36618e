package org.playhead.chaos.drill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.playhead.chaos.cluster.Fault;
import org.playhead.chaos.cluster.Injection;
import org.playhead.chaos.cluster.ShardMap;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.report.DrillReport.FaultReport;
import org.playhead.chaos.report.DrillReport.Phase;
import org.playhead.chaos.report.DrillReport.Recovery;
import org.playhead.chaos.report.DrillReport.Stats;

/**
 * Reads one fault's failover out of what was recorded: membership changes and shard appearances
 * (from management polling) and players' operations (from the ledger). Phases are the intervals
 * between these moments, in the order they happened:
 *
 * <ul>
 *   <li>detect: a surviving node reports the node unreachable (leaving, for SIGTERM);
 *   <li>decide: the node is reported down or removed;
 *   <li>move: a shard the node hosted is hosted by another node ({@code moveMs}: all of them);
 *   <li>recover: the first good answer from a session of the node (Cassandra: from a session that
 *       had failed);
 *   <li>settle: players' p99 latency and error rate are back within the {@link SettleRule}.
 * </ul>
 */
public final class FailoverAnalysis {
  private static final int MAX_ERROR_KINDS = 6;
  private static final int MAX_LISTED = 50;

  private final OpsTimeline timeline;
  private final List<Operation> operations;
  private final List<MembershipEvent> events;
  private final List<ShardAppearance> appearances;
  private final ShardMap shardMap;
  private final Stats baseline;
  private final SettleRule rule;

  public FailoverAnalysis(
      OpsTimeline timeline,
      List<Operation> operations,
      List<MembershipEvent> events,
      List<ShardAppearance> appearances,
      ShardMap shardMap,
      Stats baseline,
      SettleRule rule) {
    this.timeline = timeline;
    this.operations = OpsTimeline.sorted(operations);
    this.events = events;
    this.appearances = appearances;
    this.shardMap = shardMap;
    this.baseline = baseline;
    this.rule = rule;
  }

  /**
   * @param sessionsOfNode the sessions whose shards the hit node hosted at the injection
   * @param until the end of this fault's observation (the next fault, or the drill's end)
   */
  public FaultReport analyse(
      int index, Injection injection, Set<String> sessionsOfNode, Instant until) {
    Instant at = injection.at();
    Fault fault = injection.fault();
    String node = injection.node();
    List<String> notes = new ArrayList<>();
    Map<String, Instant> points = new LinkedHashMap<>();

    Optional<Instant> detect = Optional.empty();
    Optional<Instant> decide = Optional.empty();
    if (fault instanceof Fault.Terminate) {
      detect = ClusterWatcher.firstChange(events, node, Set.of("leaving", "exiting"), at);
      decide = ClusterWatcher.firstChange(events, node, Set.of(MembershipEvent.REMOVED), at);
    } else if (fault instanceof Fault.Kill || fault instanceof Fault.Freeze) {
      detect = ClusterWatcher.firstChange(events, node, Set.of(MembershipEvent.UNREACHABLE), at);
      decide =
          ClusterWatcher.firstChange(events, node, Set.of("down", MembershipEvent.REMOVED), at);
    }
    detect.filter(t -> t.isBefore(until)).ifPresent(t -> points.put("detect", t));
    decide.filter(t -> t.isBefore(until)).ifPresent(t -> points.put("decide", t));
    if (fault instanceof Fault.Freeze && detect.filter(t -> t.isBefore(until)).isEmpty()) {
      notes.add("never reported unreachable: the process was thawed before failure detection");
    }

    Instant moveFirst = null;
    Instant moveAll = null;
    Set<String> relevant = relevantShards(injection, sessionsOfNode, at);
    if (node != null && !relevant.isEmpty() && !(fault instanceof Fault.RestartNode)) {
      Map<String, Instant> moved = new HashMap<>();
      for (ShardAppearance a : appearances) {
        if (relevant.contains(a.shard())
            && !a.node().equals(node)
            && !a.at().isBefore(at)
            && a.at().isBefore(until)) {
          moved.merge(a.shard(), a.at(), (x, y) -> x.isBefore(y) ? x : y);
        }
      }
      moveFirst = moved.values().stream().min(Comparator.naturalOrder()).orElse(null);
      if (moved.size() == relevant.size()) {
        moveAll = moved.values().stream().max(Comparator.naturalOrder()).orElse(null);
      } else if (moveFirst != null) {
        notes.add(
            (relevant.size() - moved.size())
                + " of "
                + relevant.size()
                + " shards with players were not seen elsewhere");
      }
      if (moveFirst != null) {
        points.put("move", moveFirst);
      }
    }

    Map<String, Long> marksMs = new LinkedHashMap<>();
    for (Injection.Mark mark : injection.marks()) {
      marksMs.put(mark.name(), mark.at().toEpochMilli() - at.toEpochMilli());
      if (mark.at().isBefore(until)) {
        points.put(mark.name(), mark.at());
      }
    }

    Recovery recovery;
    Instant recoverAt;
    if (fault instanceof Fault.RestartCassandra) {
      RecoveryScan scan = scanFailedSessions(at, until);
      recovery = scan.recovery(at);
      recoverAt = scan.first;
    } else if (node != null && !(fault instanceof Fault.RestartNode)) {
      RecoveryScan scan = scanSessions(sessionsOfNode, at, until);
      recovery = scan.recovery(at);
      recoverAt = scan.first;
    } else {
      recovery = null;
      recoverAt = null;
    }
    if (recoverAt != null) {
      points.put("recover", recoverAt);
    }

    Instant settleFrom = points.values().stream().max(Comparator.naturalOrder()).orElse(at);
    long settleMs =
        timeline.settledAtMs(
            timeline.msSinceOrigin(settleFrom), timeline.msSinceOrigin(until), baseline, rule);
    Instant settle = settleMs < 0 ? null : timeline.origin().plusMillis(settleMs);
    if (settle != null) {
      points.put("settle", settle);
    } else {
      notes.add("players' latency or errors not back to the baseline before the observation ended");
    }

    List<Phase> phases = phases(at, points, settle == null ? until : null);
    return new FaultReport(
        index,
        fault.spec(),
        node,
        timeline.msSinceOrigin(at),
        since(at, detect.filter(t -> t.isBefore(until)).orElse(null)),
        since(at, decide.filter(t -> t.isBefore(until)).orElse(null)),
        since(at, moveFirst),
        since(at, moveAll),
        since(at, recoverAt),
        since(at, settle),
        marksMs,
        injection.shardsBefore().size(),
        sessionsOfNode.size(),
        recovery,
        phases,
        notes);
  }

  private Set<String> relevantShards(Injection injection, Set<String> sessions, Instant at) {
    Set<String> active = new HashSet<>();
    int from = firstIndexAtOrAfter(at);
    for (int i = from; i < operations.size(); i++) {
      Operation op = operations.get(i);
      if (sessions.contains(op.sessionId())) {
        active.add(shardMap.shardOf(op.sessionId()));
      }
    }
    Set<String> occupied = injection.occupiedShards();
    if (!occupied.isEmpty()) {
      active.retainAll(occupied);
    }
    return active;
  }

  private static Long since(Instant at, Instant t) {
    return t == null ? null : t.toEpochMilli() - at.toEpochMilli();
  }

  /** First good answer of each session (of a node) to an operation sent after the fault. */
  private RecoveryScan scanSessions(Set<String> sessions, Instant at, Instant until) {
    RecoveryScan scan = new RecoveryScan();
    int from = firstIndexAtOrAfter(at);
    for (int i = from; i < operations.size(); i++) {
      Operation op = operations.get(i);
      if (!op.at().isBefore(until) || !sessions.contains(op.sessionId())) {
        continue;
      }
      scan.affected.add(op.sessionId());
      if (op.acknowledged()) {
        scan.answered(op);
      } else if (op.endedByServer()) {
        scan.ended.add(op.sessionId());
      }
    }
    return scan;
  }

  /** Sessions that failed after the fault, and their first good answer after that. */
  private RecoveryScan scanFailedSessions(Instant at, Instant until) {
    RecoveryScan scan = new RecoveryScan();
    int from = firstIndexAtOrAfter(at);
    for (int i = from; i < operations.size(); i++) {
      Operation op = operations.get(i);
      if (!op.at().isBefore(until)) {
        break;
      }
      if (op.endedByServer()) {
        scan.ended.add(op.sessionId());
      } else if (op.isError()) {
        scan.affected.add(op.sessionId());
      } else if (op.acknowledged() && scan.affected.contains(op.sessionId())) {
        scan.answered(op);
      }
    }
    return scan;
  }

  private final class RecoveryScan {
    final Set<String> affected = new HashSet<>();

    /** Sessions the server had ended (expired, evicted): they have nothing to recover. */
    final Set<String> ended = new HashSet<>();

    final Map<String, Instant> answeredAt = new HashMap<>();
    Instant first;

    void answered(Operation op) {
      Instant answered = op.at().plus(op.latency());
      answeredAt.merge(op.sessionId(), answered, (x, y) -> x.isBefore(y) ? x : y);
      if (first == null || answered.isBefore(first)) {
        first = answered;
      }
    }

    Recovery recovery(Instant at) {
      long[] times =
          answeredAt.values().stream()
              .mapToLong(t -> t.toEpochMilli() - at.toEpochMilli())
              .sorted()
              .toArray();
      List<String> missing =
          affected.stream()
              .filter(s -> !answeredAt.containsKey(s) && !ended.contains(s))
              .sorted()
              .limit(MAX_LISTED)
              .toList();
      int endedOnly = (int) ended.stream().filter(s -> !answeredAt.containsKey(s)).count();
      if (times.length == 0) {
        return new Recovery(affected.size(), 0, endedOnly, null, null, null, missing);
      }
      return new Recovery(
          affected.size(),
          times.length,
          endedOnly,
          percentile(times, 0.50),
          percentile(times, 0.99),
          times[times.length - 1],
          missing);
    }
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Phases end at each point, in time order; an unsettled fault ends with "unsettled". */
  private List<Phase> phases(Instant at, Map<String, Instant> points, Instant unsettledUntil) {
    List<Map.Entry<String, Instant>> ordered = new ArrayList<>(points.entrySet());
    ordered.sort(Map.Entry.comparingByValue());
    List<Phase> phases = new ArrayList<>();
    Instant from = at;
    for (Map.Entry<String, Instant> point : ordered) {
      Instant to = point.getValue().isBefore(from) ? from : point.getValue();
      phases.add(phase(point.getKey(), at, from, to));
      from = to;
    }
    if (unsettledUntil != null && unsettledUntil.isAfter(from)) {
      phases.add(phase("unsettled", at, from, unsettledUntil));
    }
    return phases;
  }

  private Phase phase(String name, Instant at, Instant from, Instant to) {
    long ops = 0;
    long errors = 0;
    Map<String, Long> kinds = new HashMap<>();
    for (int i = firstIndexAtOrAfter(from); i < operations.size(); i++) {
      Operation op = operations.get(i);
      if (!op.at().isBefore(to)) {
        break;
      }
      ops++;
      if (op.isError()) {
        errors++;
        kinds.merge(errorKind(op), 1L, Long::sum);
      }
    }
    return new Phase(
        name,
        from.toEpochMilli() - at.toEpochMilli(),
        to.toEpochMilli() - at.toEpochMilli(),
        ops,
        errors,
        topKinds(kinds));
  }

  /** The most frequent kinds, the rest summed as "other". */
  static Map<String, Long> topKinds(Map<String, Long> kinds) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(kinds.entrySet());
    sorted.sort(
        Map.Entry.<String, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> top = new LinkedHashMap<>();
    long other = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (i < MAX_ERROR_KINDS) {
        top.put(sorted.get(i).getKey(), sorted.get(i).getValue());
      } else {
        other += sorted.get(i).getValue();
      }
    }
    if (other > 0) {
      top.put("other", other);
    }
    return top;
  }

  /** An error as players saw it, shortened so that equal causes group together. */
  public static String errorKind(Operation op) {
    String error = op.error();
    if (error == null || error.isBlank()) {
      return "error";
    }
    String oneLine = error.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60);
  }

  private int firstIndexAtOrAfter(Instant t) {
    int lo = 0;
    int hi = operations.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (operations.get(mid).at().isBefore(t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
