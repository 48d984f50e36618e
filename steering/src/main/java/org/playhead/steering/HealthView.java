package org.playhead.steering;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every cache's latest report, mark and player-failure count, laid out by cache index of one {@link
 * DeliveryNetwork} for the decision's hot path. Immutable: rebuilt whenever a report or the network
 * changes (a few times a second at most), read by every decision.
 *
 * <p>Ageing is decided per decision, from the decision's own clock: a report older than the
 * policy's TTL counts as no report.
 */
public final class HealthView {
  private final DeliveryNetwork network;
  private final SteeringPolicy policy;
  private final long[] reportedAtMs;
  private final boolean[] healthy;
  private final boolean[] markedDown;
  private final boolean[] failing;
  private final double[] loadPercent;
  // null: a full catalog (pull-through); otherwise the titles held.
  private final Set<String>[] titles;
  private final CacheReport[] reports;
  private final CacheMark[] marks;
  private final int[] failures;
  // What does not depend on the clock or the title, decided once per view: null when the cache
  // may serve (subject to its report's age and its titles), else why not.
  private final Eligibility[] verdict;

  @SuppressWarnings("unchecked")
  private HealthView(DeliveryNetwork network, SteeringPolicy policy) {
    int n = network.caches().size();
    this.network = network;
    this.policy = policy;
    this.reportedAtMs = new long[n];
    this.healthy = new boolean[n];
    this.markedDown = new boolean[n];
    this.failing = new boolean[n];
    this.loadPercent = new double[n];
    this.titles = new Set[n];
    this.reports = new CacheReport[n];
    this.marks = new CacheMark[n];
    this.failures = new int[n];
    this.verdict = new Eligibility[n];
  }

  /**
   * @param reports the latest report per cache id (ids the network does not know are ignored)
   * @param marks SRE marks per cache id
   * @param recentFailures player-reported failures per cache id within the failure window
   */
  public static HealthView of(
      DeliveryNetwork network,
      SteeringPolicy policy,
      Map<String, CacheReport> reports,
      Map<String, CacheMark> marks,
      Map<String, FailureTally> recentFailures) {
    return of(network, policy, reports, marks, recentFailures, null);
  }

  /**
   * As {@link #of(DeliveryNetwork, SteeringPolicy, Map, Map, Map)}, reusing the title sets of
   * {@code previous} for reports that did not change: a view is rebuilt for every report, and
   * copying every cache's titles each time would cost more than the decisions.
   */
  public static HealthView of(
      DeliveryNetwork network,
      SteeringPolicy policy,
      Map<String, CacheReport> reports,
      Map<String, CacheMark> marks,
      Map<String, FailureTally> recentFailures,
      HealthView previous) {
    HealthView view = new HealthView(network, policy);
    Map<CacheReport, Set<String>> reusable = new java.util.IdentityHashMap<>();
    if (previous != null) {
      for (int i = 0; i < previous.reports.length; i++) {
        if (previous.reports[i] != null) {
          reusable.put(previous.reports[i], previous.titles[i]);
        }
      }
    }
    for (CacheReport r : reports.values()) {
      network
          .indexOf(r.cacheId())
          .ifPresent(
              i -> {
                view.reports[i] = r;
                view.reportedAtMs[i] = r.reportedAtMs();
                view.healthy[i] = r.healthy();
                view.loadPercent[i] = r.loadPercent();
                Set<String> held = reusable.get(r);
                view.titles[i] =
                    r.fullCatalog() ? null : held != null ? held : new HashSet<>(r.titles());
              });
    }
    for (CacheMark m : marks.values()) {
      network
          .indexOf(m.cacheId())
          .ifPresent(
              i -> {
                view.marks[i] = m;
                view.markedDown[i] = m.down();
              });
    }
    recentFailures.forEach(
        (id, tally) ->
            network
                .indexOf(id)
                .ifPresent(
                    i -> {
                      view.failures[i] = tally.reports();
                      view.failing[i] = policy.failing(tally);
                    }));
    for (int i = 0; i < view.verdict.length; i++) {
      view.verdict[i] = view.staticVerdict(i);
    }
    return view;
  }

  public static HealthView empty(DeliveryNetwork network, SteeringPolicy policy) {
    return of(network, policy, Map.of(), Map.of(), Map.of());
  }

  public DeliveryNetwork network() {
    return network;
  }

  public SteeringPolicy policy() {
    return policy;
  }

  /** Whether cache {@code i} may serve {@code titleId} at {@code nowMs}; allocates nothing. */
  public Eligibility eligibility(int i, String titleId, long nowMs) {
    Eligibility fixed = verdict[i];
    if (fixed != null) {
      return fixed;
    }
    if (nowMs - reportedAtMs[i] > policy.reportTtlMs()) {
      return Eligibility.AGED_OUT;
    }
    Set<String> held = titles[i];
    if (titleId != null && held != null && !held.contains(titleId)) {
      return Eligibility.TITLE_MISSING;
    }
    return Eligibility.ELIGIBLE;
  }

  private Eligibility staticVerdict(int i) {
    if (markedDown[i]) {
      return Eligibility.MARKED_DOWN;
    }
    if (reportedAtMs[i] == 0) {
      return Eligibility.NO_REPORT;
    }
    if (!healthy[i]) {
      return Eligibility.UNHEALTHY;
    }
    if (failing[i]) {
      return Eligibility.PLAYER_FAILURES;
    }
    if (loadPercent[i] >= policy.overloadPercent()) {
      return Eligibility.OVERLOADED;
    }
    return null;
  }

  /** Free capacity in Gbps: the weight of the cache in rendezvous hashing. */
  public double headroomGbps(int i) {
    return network.capacityGbps[i] * Math.max(0, 100 - loadPercent[i]) / 100;
  }

  public double headroomPercent(int i) {
    return Math.max(0, 100 - loadPercent[i]);
  }

  public CacheReport report(int i) {
    return reports[i];
  }

  public CacheMark mark(int i) {
    return marks[i];
  }

  public int recentFailures(int i) {
    return failures[i];
  }
}
