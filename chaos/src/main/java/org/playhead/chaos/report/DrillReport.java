package org.playhead.chaos.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a drill did and found, as written to {@code report.json} and rendered to {@code
 * report.html}. Times named {@code ...Ms} are milliseconds: in the timeline and the membership log
 * since the drill's start; in a fault's phases since that fault's injection.
 *
 * @param id the drill's id
 * @param outcome {@code passed} (verification found nothing), {@code failed} (violations) or {@code
 *     error} (the drill could not run to its end; see {@code error})
 * @param plan what was asked for
 * @param tuning the failure-detection and downing settings the nodes ran with
 * @param baseline players' figures before the first fault
 * @param faults each fault with its failover phases
 * @param verification what the verifier found
 * @param timeline per second: acknowledged operations, errors, p99 latency
 * @param membership every membership change a node reported (unreachable, down, removed...)
 * @param totals operations by kind and errors by kind over the whole drill
 * @param error why the drill did not finish, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillReport(
    String id,
    String outcome,
    Instant startedAt,
    Instant finishedAt,
    PlanSummary plan,
    Map<String, String> tuning,
    Stats baseline,
    List<FaultReport> faults,
    Verification verification,
    List<Second> timeline,
    List<Membership> membership,
    Totals totals,
    String error) {

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";
  public static final String ERROR = "error";

  public boolean passed() {
    return PASSED.equals(outcome);
  }

  public record PlanSummary(
      int nodes,
      int sessions,
      int accounts,
      long heartbeatIntervalMs,
      double grpcUnaryShare,
      double grpcStreamShare,
      double httpShare,
      double churnPerSecond,
      long seed,
      List<String> faults,
      long baselineMs) {}

  /**
   * Players' figures over a window. Latencies are of acknowledged operations; errors exclude
   * expected refusals (a start at the plan's limit).
   */
  public record Stats(
      long fromMs,
      long toMs,
      long operations,
      long acknowledged,
      long errors,
      double acknowledgedPerSecond,
      double errorRate,
      long p50Ms,
      long p99Ms) {}

  /**
   * One fault and its failover. Phase times are since the injection, null when the phase did not
   * happen (a short freeze is never detected; a Cassandra restart moves no shard).
   *
   * @param detectMs a surviving node first reported the node unreachable (or leaving)
   * @param decideMs the node was first reported down or removed
   * @param moveFirstMs a shard of the node was first hosted by another node
   * @param moveMs every shard of the node that still had players was hosted elsewhere
   * @param recoverMs first good answer from a session of the node (Cassandra: from a session that
   *     had failed)
   * @param settleMs players' latency and error rate back within the settle rule of the baseline
   * @param marksMs later steps: sigcont, cassandra-down, cassandra-up, node-up
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FaultReport(
      int index,
      String fault,
      String node,
      long atMs,
      Long detectMs,
      Long decideMs,
      Long moveFirstMs,
      Long moveMs,
      Long recoverMs,
      Long settleMs,
      Map<String, Long> marksMs,
      int shardsOnNode,
      int sessionsOnNode,
      Recovery recovery,
      List<Phase> phases,
      List<String> notes) {}

  /**
   * How long each affected session took to answer well again, since the injection.
   *
   * @param endedByServer sessions that did not answer well again because the server had ended them
   *     (expired, evicted, revoked): nothing to recover; the verifier judges those endings
   * @param notRecovered sessions (the first 50) that never answered well again during the drill
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Recovery(
      int sessions,
      int recovered,
      int endedByServer,
      Long p50Ms,
      Long p99Ms,
      Long maxMs,
      List<String> notRecovered) {}

  /** The operations players sent during one phase, and the errors they got, by kind. */
  public record Phase(
      String name,
      long fromMs,
      long toMs,
      long operations,
      long errors,
      Map<String, Long> errorsByKind) {}

  /** The verifier's result; every violation names its sessions. */
  public record Verification(
      boolean passed, List<ViolationView> violations, Map<String, Long> counts) {}

  public record ViolationView(
      String rule, int sessionCount, List<String> sessionIds, String detail) {}

  public record Second(long t, long acknowledged, long errors, long p99Ms) {}

  public record Membership(long atMs, String observer, String member, String change) {}

  /** Refused: expected answers that are not errors (a start at the plan's limit, rate limits). */
  public record Totals(
      long operations,
      long acknowledged,
      long errors,
      long refused,
      Map<String, Long> operationsByKind,
      Map<String, Long> errorsByKind) {}
}
