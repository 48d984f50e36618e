package org.playhead.session.steering;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.playhead.steering.CacheMark;
import org.playhead.steering.CacheReport;
import org.playhead.steering.FailureTally;
import org.playhead.steering.PlayerFailures;

/**
 * Replicates steering facts to every node with Pekko Distributed Data, and keeps this node's {@link
 * NodeSteering} view up to date from them:
 *
 * <ul>
 *   <li>cache reports: LWW maps keyed by cache id, spread over {@code report-buckets} keys so no
 *       key grows too large to gossip (a report lists the titles a cache holds);
 *   <li>SRE marks (a cache marked down): one LWW map;
 *   <li>player-reported failures: one LWW map keyed {@code cacheId@node}, each node writing only
 *       its own entries, once a second;
 *   <li>the delivery network's version: an LWW register (the file is in Cassandra).
 * </ul>
 *
 * Writes from the SRE API wait for a majority of nodes; the view is rebuilt at most every tick
 * after changes arrive, so a burst of reports costs one rebuild.
 */
public final class SteeringReplicator extends AbstractBehavior<SteeringReplicator.Command> {

  public sealed interface Command {}

  public record PostReport(CacheReport report, ActorRef<Done> replyTo) implements Command {}

  public record PostMark(CacheMark mark, ActorRef<Done> replyTo) implements Command {}

  public record PlayerFailure(String cacheId, String sessionId, long network) implements Command {}

  public record PublishVersion(NetworkVersion version, ActorRef<Done> replyTo) implements Command {}

  private record ReportsChanged(int bucket, LWWMap<String, CacheReport> map) implements Command {}

  private record MarksChanged(LWWMap<String, CacheMark> map) implements Command {}

  private record FailuresChanged(LWWMap<String, FailureCount> map) implements Command {}

  private record VersionChanged(LWWRegister<NetworkVersion> register) implements Command {}

  private record Written(ActorRef<Done> replyTo) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private enum Ignored implements Command {
    INSTANCE
  }

  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration TICK = Duration.ofMillis(250);

  public static Behavior<Command> create(
      NodeSteering steering, SteeringSettings settings, Clock clock) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
                  return new SteeringReplicator(ctx, steering, settings, clock);
                }));
  }

  private final NodeSteering steering;
  private final SteeringSettings settings;
  private final Clock clock;
  private final SelfUniqueAddress self;
  private final String selfName;
  // One adapter for every key: a replicator adapter registers its message adapters by response
  // class, so a second adapter in the same actor would take over the first one's responses.
  private final ReplicatorMessageAdapter<Command, ReplicatedData> replicator;
  private final Key<LWWMap<String, CacheReport>>[] reportKeys;
  private final Key<LWWMap<String, CacheMark>> marksKey = LWWMapKey.create("steering-marks");
  private final Key<LWWMap<String, FailureCount>> failuresKey =
      LWWMapKey.create("steering-failures");
  private final Key<LWWRegister<NetworkVersion>> versionKey =
      LWWRegisterKey.create("steering-network");

  private final Map<Integer, LWWMap<String, CacheReport>> reportBuckets = new HashMap<>();
  private LWWMap<String, CacheMark> marks = LWWMap.empty();
  private LWWMap<String, FailureCount> failures = LWWMap.empty();
  // This node's failures in their current windows, capped per session.
  private final PlayerFailures ownFailures;
  private boolean ownFailuresDirty;
  private boolean dirty;

  @SuppressWarnings("unchecked")
  private SteeringReplicator(
      ActorContext<Command> context,
      NodeSteering steering,
      SteeringSettings settings,
      Clock clock) {
    super(context);
    this.steering = steering;
    this.settings = settings;
    this.clock = clock;
    this.ownFailures = new PlayerFailures(settings.policy());
    DistributedData ddata = DistributedData.get(context.getSystem());
    this.self = ddata.selfUniqueAddress();
    this.selfName =
        self.uniqueAddress().address().hostPort() + "#" + self.uniqueAddress().longUid();
    this.replicator = new ReplicatorMessageAdapter<>(context, ddata.replicator(), WRITE_TIMEOUT);
    this.reportKeys = new Key[settings.reportBuckets()];
    for (int b = 0; b < reportKeys.length; b++) {
      reportKeys[b] = LWWMapKey.create(REPORTS_PREFIX + b);
      subscribe(reportKeys[b]);
    }
    subscribe(marksKey);
    subscribe(failuresKey);
    subscribe(versionKey);
  }

  private static final String REPORTS_PREFIX = "steering-reports-";

  @SuppressWarnings("unchecked")
  private <T extends ReplicatedData> void subscribe(Key<T> key) {
    replicator.subscribe((Key<ReplicatedData>) (Key<?>) key, SteeringReplicator::changed);
  }

  /** A change of any key, as the message for its kind of data. */
  @SuppressWarnings("unchecked")
  private static Command changed(Replicator.SubscribeResponse<ReplicatedData> response) {
    if (!(response instanceof Replicator.Changed<ReplicatedData> changed)) {
      return Ignored.INSTANCE;
    }
    String id = changed.key().id();
    ReplicatedData value = changed.dataValue();
    if (id.startsWith(REPORTS_PREFIX)) {
      return new ReportsChanged(
          Integer.parseInt(id.substring(REPORTS_PREFIX.length())),
          (LWWMap<String, CacheReport>) value);
    } else if (id.equals("steering-marks")) {
      return new MarksChanged((LWWMap<String, CacheMark>) value);
    } else if (id.equals("steering-failures")) {
      return new FailuresChanged((LWWMap<String, FailureCount>) value);
    } else if (id.equals("steering-network")) {
      return new VersionChanged((LWWRegister<NetworkVersion>) value);
    }
    return Ignored.INSTANCE;
  }

  /** Updates {@code key} with {@code modify}, then tells {@code done}. */
  @SuppressWarnings("unchecked")
  private <T extends ReplicatedData> void update(
      Key<T> key,
      T initial,
      Replicator.WriteConsistency consistency,
      java.util.function.Function<T, T> modify,
      Command done) {
    replicator.askUpdate(
        replyTo ->
            new Replicator.Update<>(
                (Key<ReplicatedData>) (Key<?>) key,
                initial,
                consistency,
                replyTo,
                data -> modify.apply((T) data)),
        // A timed-out majority write is still applied here and spreads by gossip.
        response -> done);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(PostReport.class, this::postReport)
        .onMessage(PostMark.class, this::postMark)
        .onMessage(PlayerFailure.class, this::playerFailure)
        .onMessage(PublishVersion.class, this::publishVersion)
        .onMessage(
            ReportsChanged.class,
            m -> {
              reportBuckets.put(m.bucket(), m.map());
              dirty = true;
              return this;
            })
        .onMessage(
            MarksChanged.class,
            m -> {
              marks = m.map();
              dirty = true;
              return this;
            })
        .onMessage(
            FailuresChanged.class,
            m -> {
              failures = m.map();
              dirty = true;
              return this;
            })
        .onMessage(
            VersionChanged.class,
            m -> {
              steering.versionPublished(m.register().getValue());
              return this;
            })
        .onMessage(
            Written.class,
            m -> {
              m.replyTo().tell(Done.getInstance());
              return this;
            })
        .onMessage(Tick.class, m -> tick())
        .onMessage(Ignored.class, m -> this)
        .build();
  }

  private int bucketOf(String cacheId) {
    return Math.floorMod(cacheId.hashCode(), reportKeys.length);
  }

  private Behavior<Command> postReport(PostReport m) {
    CacheReport report = m.report();
    update(
        reportKeys[bucketOf(report.cacheId())],
        LWWMap.empty(),
        new Replicator.WriteMajority(WRITE_TIMEOUT),
        map -> map.put(self, report.cacheId(), report),
        new Written(m.replyTo()));
    return this;
  }

  private Behavior<Command> postMark(PostMark m) {
    CacheMark mark = m.mark();
    update(
        marksKey,
        LWWMap.empty(),
        new Replicator.WriteMajority(WRITE_TIMEOUT),
        map -> map.put(self, mark.cacheId(), mark),
        new Written(m.replyTo()));
    return this;
  }

  private Behavior<Command> publishVersion(PublishVersion m) {
    update(
        versionKey,
        LWWRegister.create(self, m.version()),
        new Replicator.WriteMajority(WRITE_TIMEOUT),
        register -> register.withValue(self, m.version()),
        new Written(m.replyTo()));
    return this;
  }

  private Behavior<Command> playerFailure(PlayerFailure m) {
    ownFailures.record(m.cacheId(), m.sessionId(), m.network(), clock.millis());
    ownFailuresDirty = true;
    return this;
  }

  private Behavior<Command> tick() {
    long now = clock.millis();
    long window = settings.policy().failureWindowMs();
    if (ownFailuresDirty) {
      ownFailuresDirty = false;
      Map<String, FailureCount> snapshot = new HashMap<>();
      ownFailures
          .tallies(now)
          .forEach(
              (cacheId, t) ->
                  snapshot.put(
                      cacheId,
                      new FailureCount(
                          cacheId,
                          t.reports(),
                          t.sessions(),
                          t.networks(),
                          ownFailures.windowStartMs(cacheId))));
      update(
          failuresKey,
          LWWMap.empty(),
          Replicator.writeLocal(),
          map -> {
            LWWMap<String, FailureCount> updated = map;
            for (FailureCount f : snapshot.values()) {
              updated = updated.put(self, f.cacheId() + "@" + selfName, f);
            }
            return updated;
          },
          Ignored.INSTANCE);
    }
    if (dirty || !failures.isEmpty()) {
      dirty = false;
      publishView(now, window);
    }
    return this;
  }

  private void publishView(long now, long window) {
    Map<String, CacheReport> reports = new HashMap<>();
    for (LWWMap<String, CacheReport> bucket : reportBuckets.values()) {
      reports.putAll(bucket.getEntries());
    }
    Map<String, FailureTally> recent = new HashMap<>();
    for (FailureCount f : failures.getEntries().values()) {
      if (now - f.windowStartMs() < window) {
        recent.merge(f.cacheId(), f.tally(), FailureTally::merge);
      }
    }
    steering.health(reports, Map.copyOf(marks.getEntries()), recent);
  }
}
