package org.playhead.session.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.typed.Cluster;
import org.playhead.session.PlaybackSession;
import org.playhead.session.SessionMetrics;

/**
 * The node's named meters, one Prometheus registry per actor system, scraped at {@code GET
 * /metrics} on the management port ({@link MetricsRoutes}). Every meter on a hot path is registered
 * up front, so recording is a lookup in a field or an {@link EnumMap}, never a tag built per call.
 * The names below are the contract with the Grafana dashboard and the README: rename none.
 */
public final class PlayheadMetrics implements Extension {
  /** Counter: sessions started (persisted starts; idempotent retries excluded). */
  public static final String SESSIONS_STARTED = "playhead.sessions.started";

  /** Gauge: live sessions resident on this node. */
  public static final String SESSIONS_ACTIVE = "playhead.sessions.active";

  /** Timer, tag {@code outcome}: heartbeats answered, from the gateway's ask to the answer. */
  public static final String HEARTBEATS = "playhead.heartbeats";

  /** Counter, tag {@code reason}: starts refused before a session existed. */
  public static final String ADMISSIONS_DENIED = "playhead.admissions.denied";

  /** Gauge: 1 while the journal's driver has a Cassandra node up, 0 while all are down. */
  public static final String CASSANDRA_AVAILABLE = "playhead.cassandra.available";

  /** Counter: DRM licenses issued. */
  public static final String LICENSES_ISSUED = "playhead.licenses.issued";

  /** Counter, tag {@code reason}: DRM license requests refused. */
  public static final String LICENSES_DENIED = "playhead.licenses.denied";

  /** Counter, tag {@code outcome}: CDN steering decisions. */
  public static final String STEERING_DECISIONS = "playhead.steering.decisions";

  /** Timer, tag {@code outcome}: journal (event) writes to Cassandra, failures by kind. */
  public static final String JOURNAL_WRITES = "playhead.journal.writes";

  /** Gauges, tag {@code entity_type}: shards and entities hosted by this node. */
  public static final String SHARDS = "playhead.sharding.shards";

  public static final String ENTITIES = "playhead.sharding.entities";

  /** Gauge, tag {@code status}: cluster members as this node sees them; and unreachable ones. */
  public static final String CLUSTER_MEMBERS = "playhead.cluster.members";

  public static final String CLUSTER_UNREACHABLE = "playhead.cluster.members.unreachable";

  /** Why a start was refused before any session existed. */
  public enum AdmissionDenial {
    /** The account's plan has no free stream slot. */
    STREAM_LIMIT,
    /** The account has as many devices as its plan allows. */
    DEVICE_LIMIT,
    /** The session id belongs to a session that already ended. */
    SESSION_ENDED,
    /** Too many starts for the account on this node. */
    RATE_LIMITED_ACCOUNT,
    /** Too many starts for the device on this node. */
    RATE_LIMITED_DEVICE,
    /** The player's token predates the account's "sign out all devices". */
    TOKEN_REVOKED
  }

  /** How a journal write ended; the kinds of the DataStax driver's errors an operator acts on. */
  public enum JournalOutcome {
    OK,
    WRITE_TIMEOUT,
    UNAVAILABLE,
    CLIENT_TIMEOUT,
    OVERLOADED,
    OTHER_ERROR
  }

  /**
   * Latency buckets for heartbeats and journal writes (seconds in Prometheus): few fixed buckets
   * rather than a percentile histogram, so a record is a binary search over 14 longs and a scrape
   * stays small. They bracket what bench/RESULTS.md measured (p50 about 1 ms, p99.9 tens of ms).
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5)
  };

  /** Distinct reasons or outcomes one free-text meter keeps; beyond it they count as "other". */
  static final int MAX_FREE_TAGS = 32;

  private static final ExtensionId<PlayheadMetrics> ID =
      new ExtensionId<>() {
        @Override
        public PlayheadMetrics createExtension(ActorSystem<?> system) {
          PlayheadMetrics metrics =
              new PlayheadMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
          system.getWhenTerminated().thenRun(metrics::close);
          return metrics;
        }
      };

  private final PrometheusMeterRegistry registry;
  private final Counter sessionsStarted;
  private final LongAdder sessionsActive = new LongAdder();
  private final EnumMap<PlaybackSession.Outcome, Timer> heartbeats =
      new EnumMap<>(PlaybackSession.Outcome.class);
  private final Timer heartbeatsFailed;
  private final EnumMap<AdmissionDenial, Counter> admissionsDenied =
      new EnumMap<>(AdmissionDenial.class);
  private final EnumMap<JournalOutcome, Timer> journalWrites = new EnumMap<>(JournalOutcome.class);
  private final Counter licensesIssued;
  private final Map<String, Counter> licensesDenied = new ConcurrentHashMap<>();
  private final Map<String, Counter> steeringDecisions = new ConcurrentHashMap<>();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
  private final SessionMetrics sessions = new Sessions();

  PlayheadMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // Micrometer's default pause detector "corrects" timers for coordinated omission: after every
    // JVM or machine stall over 100 ms it records (stall / typical interval) made-up samples into
    // each timer. At thousands of heartbeats per second that is thousands of records per stall;
    // on a loaded machine it cost 5x the CPU per heartbeat (bench/RESULTS.md) and filled the
    // latency histogram with samples no request had. Timers here record what was measured.
    registry.config().pauseDetector(new NoPauseDetector());
    sessionsStarted =
        Counter.builder(SESSIONS_STARTED)
            .description("Playback sessions started (persisted starts)")
            .register(registry);
    Gauge.builder(SESSIONS_ACTIVE, sessionsActive, LongAdder::sum)
        .description("Live playback sessions resident on this node")
        .register(registry);
    for (PlaybackSession.Outcome outcome : PlaybackSession.Outcome.values()) {
      heartbeats.put(outcome, latencyTimer(HEARTBEATS, outcome.name(), "Heartbeats answered"));
    }
    heartbeatsFailed = latencyTimer(HEARTBEATS, "failed", "Heartbeats answered");
    for (AdmissionDenial reason : AdmissionDenial.values()) {
      admissionsDenied.put(
          reason,
          Counter.builder(ADMISSIONS_DENIED)
              .tag("reason", tagValue(reason.name()))
              .description("Starts refused before a session existed")
              .register(registry));
    }
    for (JournalOutcome outcome : JournalOutcome.values()) {
      journalWrites.put(
          outcome, latencyTimer(JOURNAL_WRITES, outcome.name(), "Journal writes to Cassandra"));
    }
    licensesIssued =
        Counter.builder(LICENSES_ISSUED).description("DRM licenses issued").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    heapPressure.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  public static PlayheadMetrics get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** For binders of this package and tests; application code records through the methods. */
  /** For meters of other parts of the node (analytics), on the same scrape. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Everything in the Prometheus text format (0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Starts the cluster's gauges: members by status (read at scrape time) and this node's shards and
   * entities per entity type (polled every {@code pollEvery}).
   */
  public void watchCluster(ActorSystem<?> system, List<String> entityTypes, Duration pollEvery) {
    ClusterGauges.bind(Cluster.get(system), registry);
    ShardGauges.start(system, registry, entityTypes, pollEvery);
  }

  /** What session entities report: starts and the active-session gauge. */
  public SessionMetrics sessions() {
    return sessions;
  }

  /** A heartbeat answered by its session (whatever the outcome), {@code nanos} after the ask. */
  public void heartbeatAnswered(PlaybackSession.Outcome outcome, long nanos) {
    heartbeats.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A heartbeat whose ask failed: the session did not answer in time, or the ask broke. */
  public void heartbeatFailed(long nanos) {
    heartbeatsFailed.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void admissionDenied(AdmissionDenial reason) {
    admissionsDenied.get(reason).increment();
  }

  /** For the license service: one license issued. */
  public void licenseIssued() {
    licensesIssued.increment();
  }

  /**
   * For the license service: a refused license request.
   *
   * @param reason a short fixed word (an enum's name is ideal), never an id or a message
   */
  public void licenseDenied(String reason) {
    counterFor(licensesDenied, LICENSES_DENIED, "reason", reason, "DRM license requests refused")
        .increment();
  }

  /**
   * For steering: one decision (a pathway chosen, kept, a fallback...).
   *
   * @param outcome a short fixed word (an enum's name is ideal), never an id or a message
   */
  public void steeringDecision(String outcome) {
    counterFor(steeringDecisions, STEERING_DECISIONS, "outcome", outcome, "CDN steering decisions")
        .increment();
  }

  /** A journal write that Cassandra acknowledged or failed, {@code nanos} after it was sent. */
  public void journalWrite(JournalOutcome outcome, long nanos) {
    journalWrites.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Releases the JVM binders' listeners when the actor system terminates. */
  private void close() {
    gcMetrics.close();
    heapPressure.close();
    registry.close();
  }

  private Timer latencyTimer(String name, String outcome, String description) {
    return Timer.builder(name)
        .tag("outcome", tagValue(outcome))
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .description(description)
        .register(registry);
  }

  /**
   * Free-text tags from other modules are cached per value (a map lookup, no tag building after the
   * first call) and capped, so a caller passing ids by mistake cannot flood Prometheus.
   */
  private Counter counterFor(
      Map<String, Counter> cache, String name, String tag, String value, String description) {
    Counter cached = cache.get(value);
    if (cached != null) {
      return cached;
    }
    String key = cache.size() >= MAX_FREE_TAGS ? "other" : value;
    return cache.computeIfAbsent(
        key,
        v ->
            Counter.builder(name)
                .tag(tag, tagValue(v))
                .description(description)
                .register(registry));
  }

  static String tagValue(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private final class Sessions implements SessionMetrics {
    @Override
    public void started() {
      sessionsStarted.increment();
    }

    @Override
    public void activated() {
      sessionsActive.increment();
    }

    @Override
    public void deactivated() {
      sessionsActive.decrement();
    }
  }
}
