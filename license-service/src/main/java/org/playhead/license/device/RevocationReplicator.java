package org.playhead.license.device;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ddata.GCounter;
import org.apache.pekko.cluster.ddata.GCounterKey;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.pattern.StatusReply;

/**
 * Keeps every node's {@link DeviceRevocations} current. The list lives in Cassandra (durable, read
 * whole: it is small); a Distributed Data counter, bumped by the node that changed the list and
 * written to a majority, tells every other node to reload it at once. A reload on a timer covers a
 * change whose notice was lost (a node partitioned away at the time).
 *
 * <p>A change is answered once Cassandra has it: even if the counter's majority write times out,
 * the change is applied locally, spreads by gossip, and every node's timer reload finds it.
 */
public final class RevocationReplicator extends AbstractBehavior<RevocationReplicator.Command> {

  public sealed interface Command {}

  /** Revokes a model or device certificate on every node. */
  public record Revoke(Revocation revocation, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Lifts a revocation on every node. */
  public record Reinstate(String fingerprint, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  private record Stored(
      java.util.function.UnaryOperator<RevocationList> change,
      ActorRef<StatusReply<Done>> replyTo,
      Throwable failure)
      implements Command {}

  /**
   * @param generation the local changes applied when the load started
   */
  private record Loaded(long generation, List<Revocation> revocations, Throwable failure)
      implements Command {}

  private enum Reload implements Command {
    INSTANCE
  }

  private enum Ignored implements Command {
    INSTANCE
  }

  static final Key<GCounter> CHANGES = GCounterKey.create("device-revocations");
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);

  public static Behavior<Command> create(
      RevocationStore store, DeviceRevocations view, Duration refreshInterval) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new RevocationReplicator(ctx, timers, store, view, refreshInterval)));
  }

  private final RevocationStore store;
  private final DeviceRevocations view;
  private final SelfUniqueAddress self;
  private final ReplicatorMessageAdapter<Command, GCounter> replicator;
  private boolean loading;
  private boolean reloadAgain;
  // Local changes applied so far: a load that started before the latest one may predate it.
  private long generation;

  private RevocationReplicator(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      RevocationStore store,
      DeviceRevocations view,
      Duration refreshInterval) {
    super(context);
    this.store = store;
    this.view = view;
    DistributedData ddata = DistributedData.get(context.getSystem());
    this.self = ddata.selfUniqueAddress();
    this.replicator = new ReplicatorMessageAdapter<>(context, ddata.replicator(), WRITE_TIMEOUT);
    replicator.subscribe(
        CHANGES,
        response ->
            response instanceof Replicator.Changed<GCounter> ? Reload.INSTANCE : Ignored.INSTANCE);
    timers.startTimerWithFixedDelay(Reload.INSTANCE, refreshInterval);
    reload();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            Revoke.class,
            m -> stored(store.save(m.revocation()), list -> list.with(m.revocation()), m.replyTo()))
        .onMessage(
            Reinstate.class,
            m ->
                stored(
                    store.remove(m.fingerprint()),
                    list -> list.without(m.fingerprint()),
                    m.replyTo()))
        .onMessage(Stored.class, this::onStored)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Reload.class, m -> reload())
        .onMessage(Ignored.class, m -> this)
        .build();
  }

  private Behavior<Command> stored(
      CompletionStage<Done> write,
      java.util.function.UnaryOperator<RevocationList> change,
      ActorRef<StatusReply<Done>> to) {
    getContext().pipeToSelf(write, (done, failure) -> new Stored(change, to, failure));
    return this;
  }

  private Behavior<Command> onStored(Stored m) {
    if (m.failure() != null) {
      getContext().getLog().warn("Revocation list write failed: {}", m.failure().toString());
      m.replyTo().tell(StatusReply.error("The revocation list could not be written; retry."));
      return this;
    }
    replicator.askUpdate(
        replyTo ->
            new Replicator.Update<>(
                CHANGES,
                GCounter.empty(),
                new Replicator.WriteMajority(WRITE_TIMEOUT),
                replyTo,
                counter -> counter.increment(self, 1)),
        response -> Ignored.INSTANCE);
    // This node applies it before answering, so the operator's next license here already sees it.
    view.replace(m.change().apply(view.current().orElse(RevocationList.EMPTY)));
    generation++;
    m.replyTo().tell(StatusReply.ack());
    return reload();
  }

  /** One reload at a time; a change during one triggers another after it. */
  private Behavior<Command> reload() {
    if (loading) {
      reloadAgain = true;
      return this;
    }
    loading = true;
    long startedAt = generation;
    getContext()
        .pipeToSelf(store.loadAll(), (list, failure) -> new Loaded(startedAt, list, failure));
    return this;
  }

  private Behavior<Command> onLoaded(Loaded m) {
    loading = false;
    if (m.failure() != null) {
      getContext()
          .getLog()
          .warn("Could not load the device revocation list: {}", m.failure().toString());
    } else if (m.generation() != generation) {
      // Read before this node's latest change reached Cassandra: read again.
      reloadAgain = true;
    } else {
      int before = view.current().map(RevocationList::size).orElse(-1);
      view.replace(new RevocationList(m.revocations()));
      if (before != m.revocations().size()) {
        getContext()
            .getLog()
            .info("Device revocation list loaded: {} revoked certificates", m.revocations().size());
      }
    }
    if (reloadAgain) {
      reloadAgain = false;
      return reload();
    }
    return this;
  }
}
