package org.playhead.license.ledger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.playhead.license.LicenseFormat;
import org.playhead.license.TrackType;
import org.playhead.license.policy.LicensePolicy;

/**
 * The audit of one session's licenses: every issue, renewal and denial, persisted before the answer
 * leaves (persistence id {@code LicenseLedger|<sessionId>}), and read back into the care timeline.
 * Kept apart from the session's own journal so licensing never slows or changes the session entity.
 */
public final class LicenseLedger
    extends EventSourcedBehaviorWithEnforcedReplies<
        LicenseLedger.Command, LicenseLedger.Event, LicenseLedger.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "LicenseLedger");

  /**
   * Tags of the ledger's events: {@code license-<n>}, n the session id's hash modulo {@code
   * playhead.license.ledger.tags}, read by the analytics projection. The count is fixed for the
   * life of a cluster's journal (a projection instance reads each tag).
   */
  public static final String TAG_PREFIX = "license-";

  public static void init(ActorSystem<?> system, int snapshotEvery) {
    int tags = system.settings().config().getInt("playhead.license.ledger.tags");
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_KEY,
                ctx -> create(ctx.getEntityId(), snapshotEvery, tagFor(ctx.getEntityId(), tags))));
  }

  public static String tagFor(String sessionId, int tags) {
    return TAG_PREFIX + Math.floorMod(sessionId.hashCode(), tags);
  }

  public static Behavior<Command> create(String sessionId, int snapshotEvery) {
    return create(sessionId, snapshotEvery, null);
  }

  /**
   * @param tag the tag of first issues and denials, or {@code null} for none
   */
  public static Behavior<Command> create(String sessionId, int snapshotEvery, String tag) {
    return Behaviors.withMdc(
        Command.class,
        Map.of("sessionId", sessionId),
        Behaviors.setup(ctx -> new LicenseLedger(sessionId, snapshotEvery, tag)));
  }

  public static PersistenceId persistenceId(String sessionId) {
    return PersistenceId.of(ENTITY_KEY.name(), sessionId);
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  public sealed interface Command extends LicenseSerializable {}

  public record RecordIssued(LicenseIssued event, ActorRef<Done> replyTo) implements Command {}

  public record RecordDenied(LicenseDenied event, ActorRef<Done> replyTo) implements Command {}

  public record GetSummary(ActorRef<State> replyTo) implements Command {}

  // ---------------------------------------------------------------------------------------------
  // Events: persisted through LedgerEventSerializer (protobuf), never renumbered.

  public sealed interface Event {
    long atMs();
  }

  /**
   * A license left, new or renewed.
   *
   * @param keyIds the key ids issued (hex), never the keys
   * @param withheldKeyIds requested ids left out by the policy (hex)
   * @param deviceCertificate the device certificate's SHA-256 fingerprint, or "" (uncertified)
   * @param modelCertificate its model certificate's SHA-256 fingerprint, or ""
   */
  public record LicenseIssued(
      String licenseId,
      LicenseFormat format,
      boolean renewal,
      List<String> keyIds,
      List<String> withheldKeyIds,
      Set<TrackType> trackTypes,
      LicensePolicy policy,
      String deviceId,
      String deviceCertificate,
      String modelCertificate,
      long atMs)
      implements Event {
    public LicenseIssued {
      keyIds = List.copyOf(keyIds);
      withheldKeyIds = List.copyOf(withheldKeyIds);
      trackTypes =
          trackTypes.isEmpty()
              ? Set.of()
              : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(trackTypes));
    }
  }

  /**
   * A request refused.
   *
   * @param reason the reason code the player got (e.g. session-not-live)
   * @param deviceCertificate the device certificate the denial concerned (fingerprint), or ""
   * @param modelCertificate its model certificate's fingerprint, or ""
   */
  public record LicenseDenied(
      LicenseFormat format,
      boolean renewal,
      String reason,
      String detail,
      List<String> keyIds,
      String deviceId,
      String deviceCertificate,
      String modelCertificate,
      long atMs)
      implements Event {
    public LicenseDenied {
      keyIds = List.copyOf(keyIds);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // State: counts only; the events are the audit.

  /**
   * Also the reply of {@link GetSummary}: serialized (and snapshotted) by LedgerEventSerializer, so
   * it does not carry the Jackson marker (two bindings would be ambiguous).
   */
  public record State(long issued, long renewed, long denied, long lastAtMs) {
    public static final State EMPTY = new State(0, 0, 0, 0);

    State with(Event e) {
      if (e instanceof LicenseIssued i) {
        return i.renewal()
            ? new State(issued, renewed + 1, denied, i.atMs())
            : new State(issued + 1, renewed, denied, i.atMs());
      }
      return new State(issued, renewed, denied + 1, e.atMs());
    }
  }

  // ---------------------------------------------------------------------------------------------

  private final int snapshotEvery;
  private final Set<String> tags;

  private LicenseLedger(String sessionId, int snapshotEvery, String tag) {
    super(
        persistenceId(sessionId),
        SupervisorStrategy.restartWithBackoff(
            java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(5), 0.2));
    this.snapshotEvery = snapshotEvery;
    this.tags = tag == null ? Set.of() : Set.of(tag);
  }

  /**
   * First issues and denials are tagged for analytics; renewals (every few minutes of every stream,
   * the ledger's bulk) are not, so publishing them costs the journal nothing.
   */
  @Override
  public Set<String> tagsFor(Event event) {
    return event instanceof LicenseIssued issued && issued.renewal() ? Set.of() : tags;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(
            RecordIssued.class,
            (state, cmd) ->
                Effect().persist(cmd.event()).thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .onCommand(
            RecordDenied.class,
            (state, cmd) ->
                Effect().persist(cmd.event()).thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .onCommand(GetSummary.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::with);
  }
}
