package org.playhead.session.steering;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.playhead.session.SessionSteering;
import org.playhead.steering.CacheMark;
import org.playhead.steering.CacheReport;
import org.playhead.steering.DecisionBuffer;
import org.playhead.steering.DeliveryNetwork;
import org.playhead.steering.DeliveryNetworkFile;
import org.playhead.steering.Demotions;
import org.playhead.steering.FailureTally;
import org.playhead.steering.HealthView;
import org.playhead.steering.NetworkFileException;
import org.playhead.steering.SteeringAnswer;
import org.playhead.steering.SteeringEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steering on one node: the decision engine over this node's replicated view of the caches (so a
 * decision never makes a remote call), the delivery network (stored in Cassandra, its version
 * replicated), and the SRE operations that change either.
 */
public final class NodeSteering implements SessionSteering {
  private static final Logger log = LoggerFactory.getLogger(NodeSteering.class);

  private final SteeringSettings settings;
  private final Clock clock;
  private final NetworkStore store;
  private final Executor blocking;
  private final ActorSystem<?> system;
  private final SteeringEngine engine;
  private final ThreadLocal<DecisionBuffer> buffers = ThreadLocal.withInitial(DecisionBuffer::new);
  private ActorRef<SteeringReplicator.Command> replicator;

  // What the current view was built from, so either can change alone. Guarded by this.
  private DeliveryNetwork network;
  private NetworkVersion networkVersion = new NetworkVersion("none", 0, "");
  private Map<String, CacheReport> reports = Map.of();
  private Map<String, CacheMark> marks = Map.of();
  private Map<String, FailureTally> failures = Map.of();

  public NodeSteering(ActorSystem<?> system, SteeringSettings settings, Clock clock) {
    this.system = system;
    this.settings = settings;
    this.clock = clock;
    this.store = new NetworkStore(system);
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    this.network = DeliveryNetwork.originOnly(settings.defaultOrigin());
    this.engine = new SteeringEngine(HealthView.empty(network, settings.policy()));
  }

  /** Starts replication and loads the stored network (or the configured file). */
  public NodeSteering start() {
    this.replicator =
        system.systemActorOf(
            SteeringReplicator.create(this, settings, clock),
            "steering",
            org.apache.pekko.actor.typed.Props.empty());
    reloadFromStore()
        .whenComplete(
            (loaded, failure) -> {
              if (failure != null) {
                log.warn("Could not load the stored delivery network", failure);
              }
              if ((failure != null || !loaded) && settings.networkFile().isPresent()) {
                loadConfiguredFile(settings.networkFile().get());
              }
            });
    return this;
  }

  private void loadConfiguredFile(String file) {
    try {
      DeliveryNetwork parsed = DeliveryNetworkFile.parse(Files.readString(Path.of(file)));
      apply(parsed, new NetworkVersion(parsed.version(), 0, "file " + file));
      log.info("Delivery network {} loaded from {}", parsed, file);
    } catch (Exception e) {
      log.error("The configured delivery network {} is refused: {}", file, e.getMessage());
    }
  }

  public SteeringSettings settings() {
    return settings;
  }

  @Override
  public Duration ttl() {
    return settings.ttl();
  }

  @Override
  public SteeringAnswer decide(
      String clientAddress, String titleId, Demotions demotions, long nowMs) {
    DecisionBuffer buffer = buffers.get();
    if (!engine.decide(clientAddress, titleId, demotions, nowMs, buffer)) {
      return null;
    }
    return SteeringEngine.answer(buffer, demotions);
  }

  public SteeringEngine engine() {
    return engine;
  }

  public synchronized DeliveryNetwork network() {
    return network;
  }

  public synchronized NetworkVersion networkVersion() {
    return networkVersion;
  }

  @Override
  public void playerFailure(String pathway, String sessionId, long network) {
    if (replicator != null && network().indexOf(pathway).isPresent()) {
      replicator.tell(new SteeringReplicator.PlayerFailure(pathway, sessionId, network));
    }
  }

  // --- SRE operations --------------------------------------------------------------------------

  /**
   * Parses, stores and publishes a new network. Fails with {@link NetworkFileException} (the old
   * network stays) when the file is refused.
   */
  public CompletionStage<DeliveryNetwork> replaceNetwork(String text, String by) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return DeliveryNetworkFile.parse(text);
              } catch (NetworkFileException e) {
                throw new CompletionException(e);
              }
            },
            blocking)
        .thenCompose(
            parsed -> {
              NetworkVersion version = new NetworkVersion(parsed.version(), clock.millis(), by);
              return store
                  .save(new NetworkStore.Stored(text, version.version(), version.loadedAtMs(), by))
                  .thenCompose(done -> ask(r -> new SteeringReplicator.PublishVersion(version, r)))
                  .thenApply(
                      done -> {
                        apply(parsed, version);
                        log.info("Delivery network {} loaded by {}", parsed, by);
                        return parsed;
                      });
            });
  }

  public CompletionStage<Done> report(CacheReport report) {
    return ask(r -> new SteeringReplicator.PostReport(report, r));
  }

  public CompletionStage<Done> mark(CacheMark mark) {
    return ask(r -> new SteeringReplicator.PostMark(mark, r));
  }

  private CompletionStage<Done> ask(
      org.apache.pekko.japi.function.Function<ActorRef<Done>, SteeringReplicator.Command> command) {
    return AskPattern.ask(replicator, command, Duration.ofSeconds(10), system.scheduler());
  }

  // --- called by the replicator ----------------------------------------------------------------

  /** Another node published a network version: load it unless it is the one in use. */
  void versionPublished(NetworkVersion version) {
    if (!version.version().equals(networkVersion().version())) {
      reloadFromStore()
          .whenComplete(
              (loaded, failure) -> {
                if (failure != null) {
                  log.error("Could not load delivery network {}", version.version(), failure);
                }
              });
    }
  }

  synchronized void health(
      Map<String, CacheReport> newReports,
      Map<String, CacheMark> newMarks,
      Map<String, FailureTally> newFailures) {
    this.reports = newReports;
    this.marks = newMarks;
    this.failures = newFailures;
    rebuild();
  }

  private CompletionStage<Boolean> reloadFromStore() {
    return store
        .load()
        .thenApplyAsync(
            stored -> {
              if (stored.isEmpty()) {
                return false;
              }
              NetworkStore.Stored s = stored.get();
              if (s.version().equals(networkVersion().version())) {
                return true;
              }
              try {
                apply(
                    DeliveryNetworkFile.parse(s.text()),
                    new NetworkVersion(s.version(), s.loadedAtMs(), s.loadedBy()));
                log.info("Delivery network {} loaded from the store", s.version());
                return true;
              } catch (NetworkFileException e) {
                // Only validated files are stored; a refusal here means a newer code refuses it.
                log.error(
                    "The stored delivery network {} is refused: {}", s.version(), e.getMessage());
                return false;
              }
            },
            blocking);
  }

  private synchronized void apply(DeliveryNetwork parsed, NetworkVersion version) {
    if (version.loadedAtMs() < networkVersion.loadedAtMs()) {
      return; // an older load finished after a newer one
    }
    this.network = parsed;
    this.networkVersion = version;
    rebuild();
  }

  private void rebuild() {
    engine.update(
        HealthView.of(network, settings.policy(), reports, marks, failures, engine.view()));
  }

  public synchronized Optional<CacheReport> reportOf(String cacheId) {
    return Optional.ofNullable(reports.get(cacheId));
  }

  public synchronized Optional<CacheMark> markOf(String cacheId) {
    return Optional.ofNullable(marks.get(cacheId));
  }

  public synchronized int failuresOf(String cacheId) {
    return failures.getOrDefault(cacheId, FailureTally.NONE).reports();
  }
}
