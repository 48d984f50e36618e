package org.playhead.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * An account: its plan, its registered devices, and its stream slots. One entity per account, so
 * every admission for an account is decided by one actor, one command at a time.
 *
 * <p>The invariant: an account never has more live admitted streams than its plan allows. A slot is
 * a lease that its session renews in memory (at most every {@code renew-every}, never written to
 * the journal). A slot is live until its lease runs out: {@code max(admitted + ttl, last renewal +
 * ttl + renew-every, recovered + ttl + renew-every)}. The last term is why a crash cannot break the
 * invariant: renewals die with the node, so a recovered account keeps every persisted slot for a
 * full lease after recovery; a vanished player's slot frees one lease later than it would have, and
 * never earlier than its session could still be alive.
 *
 * <p>At the limit a start is, in order: admitted into a slot its termination tokens free; admitted
 * in place of the same profile's stream on another device (a viewer moving between devices); or
 * decided by the plan's {@link EvictionPolicy}. A slot a profile just stopped stays reserved for
 * that profile for the plan's hand-off grace.
 */
public final class Account
    extends EventSourcedBehaviorWithEnforcedReplies<Account.Command, Account.Event, Account.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Account");

  /** How the account ends streams it evicts or revokes: by telling their session entity. */
  @FunctionalInterface
  public interface SessionStopper {
    void stop(String sessionId, StopReason reason, String detail);
  }

  /**
   * @param tags the tags of an account's events (one of a fixed list, for the analytics
   *     projection), by account id
   */
  public static void init(
      ActorSystem<?> system,
      AccountSettings settings,
      Clock clock,
      SessionStopper stopper,
      Function<String, Set<String>> tags) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_KEY,
                ctx ->
                    create(
                        ctx.getEntityId(),
                        settings,
                        clock,
                        stopper,
                        tags.apply(ctx.getEntityId()))));
  }

  public static Behavior<Command> create(
      String accountId, AccountSettings settings, Clock clock, SessionStopper stopper) {
    return create(accountId, settings, clock, stopper, Set.of());
  }

  public static Behavior<Command> create(
      String accountId,
      AccountSettings settings,
      Clock clock,
      SessionStopper stopper,
      Set<String> tags) {
    // No Behaviors.withMdc (an interceptor and a map per entity, an MDC write per message): the
    // account logs nothing itself, and Pekko's lines from it carry the persistenceId MDC.
    return Behaviors.setup(ctx -> new Account(accountId, settings, clock, stopper, tags));
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  public sealed interface Command extends ClusterSerializable {}

  /** The stream a player wants to start. */
  public record StreamRequest(
      String sessionId, String profileId, String deviceId, String deviceType, String titleId) {}

  /**
   * Admit a stream.
   *
   * @param terminationTokens tokens from an earlier refusal: the streams they name are stopped to
   *     make room
   * @param tokenIssuedAtMs when the player's bearer token was issued: a token issued before the
   *     account last signed out every device starts nothing
   */
  public record Admit(
      StreamRequest request,
      List<String> terminationTokens,
      long tokenIssuedAtMs,
      ActorRef<AdmitReply> replyTo)
      implements Command {}

  /** A live session keeps its slot. Not persisted; answered only by stopping a stale session. */
  public record RenewLease(String sessionId) implements Command {}

  /** A session ended; its slot is free (or reserved for the hand-off grace). */
  public record Release(String sessionId, StopReason reason, long atMs) implements Command {}

  public record GetAccount(ActorRef<AccountView> replyTo) implements Command {}

  /** Customer care: end one stream. */
  public record Terminate(String sessionId, Initiator by, String why, ActorRef<CareReply> replyTo)
      implements Command {}

  public record ChangePlan(String plan, Initiator by, String why, ActorRef<CareReply> replyTo)
      implements Command {}

  public record RegisterDevice(
      String deviceId, String deviceType, Initiator by, String why, ActorRef<CareReply> replyTo)
      implements Command {}

  public record RemoveDevice(String deviceId, Initiator by, String why, ActorRef<CareReply> replyTo)
      implements Command {}

  /**
   * Forget every device, end every stream, and refuse starts with any player token issued until
   * now: a stolen token stops working for new streams.
   */
  public record SignOutAllDevices(Initiator by, String why, ActorRef<CareReply> replyTo)
      implements Command {}

  // ---------------------------------------------------------------------------------------------
  // Replies

  public enum AdmitOutcome {
    ADMITTED,
    /** The same session id was admitted before and is still live: an idempotent retry. */
    ALREADY_ADMITTED,
    /** The plan's limit is reached; {@code conflicts} lists the streams in the way. */
    LIMIT_REACHED,
    DEVICE_LIMIT_REACHED,
    /** This session id already ended; start a new session. */
    SESSION_ENDED,
    /** The player's token was issued before the account signed out every device. */
    TOKEN_REVOKED
  }

  /**
   * @param conflicts the streams in the way, each with the token that stops it
   * @param evicted sessions stopped to make room for this one
   * @param plan the account's plan when it admitted the stream (licenses follow it); empty when
   *     refused
   */
  public record AdmitReply(
      AdmitOutcome outcome,
      String detail,
      List<StreamView> conflicts,
      List<String> evicted,
      String plan)
      implements ClusterSerializable {

    /** A refusal: no plan to tell. */
    public AdmitReply(
        AdmitOutcome outcome, String detail, List<StreamView> conflicts, List<String> evicted) {
      this(outcome, detail, conflicts, evicted, "");
    }
  }

  /**
   * A stream as the account knows it.
   *
   * @param reservedUntilMs non-zero for a slot held for its profile's hand-off, not a live stream
   */
  public record StreamView(
      String sessionId,
      String profileId,
      String deviceId,
      String titleId,
      long startedAtMs,
      long leaseExpiresAtMs,
      String terminationToken,
      long reservedUntilMs)
      implements ClusterSerializable {}

  public record AccountView(
      String accountId,
      Plan plan,
      List<Device> devices,
      List<StreamView> activeStreams,
      List<StreamView> reservations,
      List<EndedStream> recentSessions)
      implements ClusterSerializable {}

  public record CareReply(boolean ok, String error, AccountView account)
      implements ClusterSerializable {}

  // ---------------------------------------------------------------------------------------------
  // Events: persisted through AccountEventSerializer (protobuf), never renumbered.

  public sealed interface Event {}

  public record AccountOpened(String plan, long atMs) implements Event {}

  public record DeviceRegistered(
      String deviceId, String deviceType, long atMs, Initiator by, String why) implements Event {}

  public record DeviceRemoved(String deviceId, long atMs, Initiator by, String why)
      implements Event {}

  public record StreamAdmitted(Slot slot) implements Event {}

  /**
   * A stream left its slot.
   *
   * @param reservedUntilMs non-zero when the slot stays reserved for the stream's profile
   */
  public record StreamEnded(
      String sessionId,
      StopReason reason,
      long atMs,
      Initiator by,
      String why,
      long reservedUntilMs)
      implements Event {}

  /** A reservation was used by its profile or freed by a termination token. */
  public record ReservationReleased(String sessionId, long atMs) implements Event {}

  public record PlanChanged(String plan, long atMs, Initiator by, String why) implements Event {}

  /**
   * Care signed the account out of every device: player tokens issued before {@code notBeforeMs}
   * start nothing any more.
   */
  public record PlayerTokensRevoked(long notBeforeMs, Initiator by, String why) implements Event {}

  // ---------------------------------------------------------------------------------------------
  // State

  public record Device(String deviceId, String deviceType, long registeredAtMs) {}

  /** A persisted stream slot; its live lease is extended in memory by renewals. */
  public record Slot(
      String sessionId,
      String profileId,
      String deviceId,
      String titleId,
      long startedAtMs,
      long leaseExpiresAtMs,
      String terminationToken) {}

  /** A slot held for a profile that just stopped, so it can move to another device. */
  public record Reservation(Slot slot, long untilMs) {}

  public record EndedStream(
      String sessionId,
      String profileId,
      String deviceId,
      String titleId,
      long startedAtMs,
      long endedAtMs,
      StopReason reason) {}

  public sealed interface State {}

  public record Unopened() implements State {}

  /**
   * @param slots admitted streams by session id, in admission order
   * @param reservations hand-off reservations by the session id that held the slot
   * @param recent ended streams, newest first, bounded
   * @param tokensNotBeforeMs player tokens issued before this start nothing (0: never signed out)
   */
  public record Open(
      String plan,
      Map<String, Device> devices,
      Map<String, Slot> slots,
      Map<String, Reservation> reservations,
      List<EndedStream> recent,
      long tokensNotBeforeMs)
      implements State {

    public Open(
        String plan,
        Map<String, Device> devices,
        Map<String, Slot> slots,
        Map<String, Reservation> reservations,
        List<EndedStream> recent) {
      this(plan, devices, slots, reservations, recent, 0);
    }

    Open withPlan(String newPlan) {
      return new Open(newPlan, devices, slots, reservations, recent, tokensNotBeforeMs);
    }

    Open withTokensNotBefore(long notBeforeMs) {
      return new Open(
          plan, devices, slots, reservations, recent, Math.max(tokensNotBeforeMs, notBeforeMs));
    }

    Open withDevice(Device device) {
      Map<String, Device> d = new LinkedHashMap<>(devices);
      d.put(device.deviceId(), device);
      return new Open(plan, Map.copyOf(d), slots, reservations, recent, tokensNotBeforeMs);
    }

    Open withoutDevice(String deviceId) {
      Map<String, Device> d = new LinkedHashMap<>(devices);
      d.remove(deviceId);
      return new Open(plan, Map.copyOf(d), slots, reservations, recent, tokensNotBeforeMs);
    }

    Open admit(Slot slot) {
      Map<String, Slot> s = new LinkedHashMap<>(slots);
      s.put(slot.sessionId(), slot);
      // A profile's own reservation is used by its next stream.
      Map<String, Reservation> r = new LinkedHashMap<>(reservations);
      r.values().removeIf(res -> res.slot().profileId().equals(slot.profileId()));
      return new Open(plan, devices, copy(s), copy(r), recent, tokensNotBeforeMs);
    }

    Open end(StreamEnded e, int keepRecent) {
      Slot slot = slots.get(e.sessionId());
      if (slot == null) {
        return this;
      }
      Map<String, Slot> s = new LinkedHashMap<>(slots);
      s.remove(e.sessionId());
      Map<String, Reservation> r = new LinkedHashMap<>(reservations);
      if (e.reservedUntilMs() > 0) {
        r.put(e.sessionId(), new Reservation(slot, e.reservedUntilMs()));
      }
      List<EndedStream> newRecent = new ArrayList<>(recent.size() + 1);
      newRecent.add(
          new EndedStream(
              slot.sessionId(),
              slot.profileId(),
              slot.deviceId(),
              slot.titleId(),
              slot.startedAtMs(),
              e.atMs(),
              e.reason()));
      newRecent.addAll(recent.subList(0, Math.min(recent.size(), keepRecent - 1)));
      return new Open(plan, devices, copy(s), copy(r), List.copyOf(newRecent), tokensNotBeforeMs);
    }

    Open releaseReservation(String sessionId) {
      Map<String, Reservation> r = new LinkedHashMap<>(reservations);
      r.remove(sessionId);
      return withReservations(copy(r));
    }

    private Open withReservations(Map<String, Reservation> r) {
      return new Open(plan, devices, slots, r, recent, tokensNotBeforeMs);
    }

    Optional<EndedStream> ended(String sessionId) {
      return recent.stream().filter(e -> e.sessionId().equals(sessionId)).findFirst();
    }

    /** Insertion-ordered, unmodifiable copy (Map.copyOf would lose the admission order). */
    private static <K, V> Map<K, V> copy(Map<K, V> map) {
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Behavior

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String accountId;
  private final AccountSettings settings;
  private final Clock clock;
  private final SessionStopper stopper;
  private final long leaseTtlMs;
  private final long renewSlackMs;

  /** Last renewal per session: in memory only, lost with the node (see the class comment). */
  private final Map<String, Long> renewedAt = new HashMap<>();

  /** When this incarnation recovered; persisted slots are live for a lease after it. */
  private long recoveredAtMs;

  /** Every event of this account carries them. */
  private final Set<String> tags;

  private Account(
      String accountId,
      AccountSettings settings,
      Clock clock,
      SessionStopper stopper,
      Set<String> tags) {
    super(PersistenceId.of(ENTITY_KEY.name(), accountId), EntitySupervision.RESTART_WITH_BACKOFF);
    this.accountId = accountId;
    this.tags = tags;
    this.settings = settings;
    this.clock = clock;
    this.stopper = stopper;
    this.leaseTtlMs = settings.leaseTtl().toMillis();
    this.renewSlackMs = settings.renewEvery().toMillis();
  }

  @Override
  public State emptyState() {
    return new Unopened();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return tags;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> recoveredAtMs = clock.millis())
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    // One method reference per entity rather than the builder's per-entity table of cases and
    // lambdas: the table cost about 1 KB per entity in a heap histogram, and a node holds one
    // account entity per active account.
    return this::handle;
  }

  private ReplyEffect<Event, State> handle(State state, Command command) {
    return state instanceof Open open ? handleOpen(open, command) : handleUnopened(state, command);
  }

  private ReplyEffect<Event, State> handleUnopened(State state, Command command) {
    if (command instanceof Admit cmd) {
      return admit(opened(), List.of(opening()), cmd);
    } else if (command instanceof RenewLease cmd) {
      return renewUnknown(state, cmd);
    } else if (command instanceof Release) {
      return Effect().none().thenNoReply();
    } else if (command instanceof GetAccount cmd) {
      return Effect().reply(cmd.replyTo(), view(opened()));
    } else if (command instanceof ChangePlan cmd) {
      return changePlan(opened(), List.of(opening()), cmd);
    } else if (command instanceof RegisterDevice cmd) {
      return registerDevice(opened(), List.of(opening()), cmd);
    } else if (command instanceof Terminate cmd) {
      return Effect().reply(cmd.replyTo(), careError("no such stream", opened()));
    } else if (command instanceof RemoveDevice cmd) {
      return Effect().reply(cmd.replyTo(), careError("no such device", opened()));
    } else if (command instanceof SignOutAllDevices cmd) {
      return signOutAll(opened(), List.of(opening()), cmd);
    }
    throw new IllegalStateException("unhandled command " + command.getClass().getName());
  }

  private ReplyEffect<Event, State> handleOpen(Open state, Command command) {
    if (command instanceof Admit cmd) {
      return admit(state, List.of(), cmd);
    } else if (command instanceof RenewLease cmd) {
      return renew(state, cmd);
    } else if (command instanceof Release cmd) {
      return release(state, cmd);
    } else if (command instanceof GetAccount cmd) {
      return Effect().reply(cmd.replyTo(), view(state));
    } else if (command instanceof Terminate cmd) {
      return terminate(state, cmd);
    } else if (command instanceof ChangePlan cmd) {
      return changePlan(state, List.of(), cmd);
    } else if (command instanceof RegisterDevice cmd) {
      return registerDevice(state, List.of(), cmd);
    } else if (command instanceof RemoveDevice cmd) {
      return removeDevice(state, cmd);
    } else if (command instanceof SignOutAllDevices cmd) {
      return signOutAll(state, List.of(), cmd);
    }
    throw new IllegalStateException("unhandled command " + command.getClass().getName());
  }

  // --- admission -------------------------------------------------------------------------------

  private ReplyEffect<Event, State> admit(Open state, List<Event> opening, Admit cmd) {
    long now = clock.millis();
    StreamRequest req = cmd.request();
    Plan plan = settings.plan(state.plan());

    Slot existing = state.slots().get(req.sessionId());
    if (existing != null && isLive(existing, now)) {
      // A retried start is its player alive: renew, or a start retried near the end of the first
      // attempt's lease would be acknowledged and then expired seconds later.
      renewedAt.put(req.sessionId(), now);
      return Effect()
          .reply(
              cmd.replyTo(),
              new AdmitReply(
                  AdmitOutcome.ALREADY_ADMITTED,
                  "already admitted",
                  List.of(),
                  List.of(),
                  plan.name()));
    }
    if (cmd.tokenIssuedAtMs() < state.tokensNotBeforeMs()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new AdmitReply(
                  AdmitOutcome.TOKEN_REVOKED,
                  "the account signed out every device after this token was issued; sign in again",
                  List.of(),
                  List.of()));
    }
    if (state.ended(req.sessionId()).isPresent()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new AdmitReply(
                  AdmitOutcome.SESSION_ENDED, "this session has ended", List.of(), List.of()));
    }

    List<Event> events = new ArrayList<>(opening);
    // Slots whose lease ran out are freed first (their players vanished), and reservations whose
    // grace is over are dropped, so an account's state stays as small as its plan.
    for (Slot slot : state.slots().values()) {
      if (!isLive(slot, now)) {
        events.add(
            endEvent(
                slot, StopReason.EXPIRED, leaseEnd(slot), Initiator.SYSTEM, "lease expired", 0));
      }
    }
    for (Reservation r : state.reservations().values()) {
      if (r.untilMs() <= now) {
        events.add(new ReservationReleased(r.slot().sessionId(), now));
      }
    }

    if (!state.devices().containsKey(req.deviceId())) {
      if (state.devices().size() >= plan.maxDevices()) {
        return Effect()
            .reply(
                cmd.replyTo(),
                new AdmitReply(
                    AdmitOutcome.DEVICE_LIMIT_REACHED,
                    "the plan allows " + plan.maxDevices() + " registered devices",
                    List.of(),
                    List.of()));
      }
      events.add(
          new DeviceRegistered(
              req.deviceId(),
              req.deviceType(),
              now,
              new Initiator(Initiator.Kind.PLAYER, req.profileId()),
              "first stream from this device"));
    }

    // Occupants: live slots, and other profiles' reservations. Tokens free the ones they name.
    List<Slot> live = new ArrayList<>();
    for (Slot slot : state.slots().values()) {
      if (isLive(slot, now)) {
        live.add(slot);
      }
    }
    List<Reservation> held = new ArrayList<>();
    for (Reservation r : state.reservations().values()) {
      if (r.untilMs() > now && !r.slot().profileId().equals(req.profileId())) {
        held.add(r);
      }
    }
    List<String> evicted = new ArrayList<>();
    for (String token : cmd.terminationTokens()) {
      Optional<Slot> named =
          live.stream().filter(s -> s.terminationToken().equals(token)).findFirst();
      if (named.isPresent()) {
        live.remove(named.get());
        evicted.add(named.get().sessionId());
        events.add(
            endEvent(
                named.get(),
                StopReason.EVICTED,
                now,
                new Initiator(Initiator.Kind.PLAYER, req.profileId()),
                "stopped to let device " + req.deviceId() + " play",
                0));
        continue;
      }
      held.stream()
          .filter(r -> r.slot().terminationToken().equals(token))
          .findFirst()
          .ifPresent(
              r -> {
                held.remove(r);
                events.add(new ReservationReleased(r.slot().sessionId(), now));
              });
    }

    int occupied = live.size() + held.size();
    if (occupied >= plan.maxStreams()) {
      Optional<Slot> sameProfileElsewhere =
          live.stream()
              .filter(
                  s ->
                      s.profileId().equals(req.profileId()) && !s.deviceId().equals(req.deviceId()))
              .min(Comparator.comparingLong(Slot::startedAtMs));
      Optional<Slot> victim =
          sameProfileElsewhere.isPresent()
              ? sameProfileElsewhere
              : switch (plan.policy()) {
                case BLOCK_NEW -> Optional.empty();
                case EVICT_OLDEST -> live.stream().min(Comparator.comparingLong(Slot::startedAtMs));
                case EVICT_NEWEST -> live.stream().max(Comparator.comparingLong(Slot::startedAtMs));
              };
      if (victim.isEmpty() && plan.policy() != EvictionPolicy.BLOCK_NEW && !held.isEmpty()) {
        // Only reservations are in the way: the policy lets the new stream take one.
        Reservation oldest = held.get(0);
        held.remove(oldest);
        events.add(new ReservationReleased(oldest.slot().sessionId(), now));
      } else if (victim.isEmpty()) {
        List<StreamView> conflicts = new ArrayList<>();
        live.forEach(s -> conflicts.add(streamView(s, now, 0)));
        held.forEach(r -> conflicts.add(streamView(r.slot(), now, r.untilMs())));
        return persistThenReply(
            events,
            cmd.replyTo(),
            new AdmitReply(
                AdmitOutcome.LIMIT_REACHED,
                "the plan allows " + plan.maxStreams() + " streams at once",
                conflicts,
                List.of()),
            List.of());
      } else {
        Slot out = victim.get();
        evicted.add(out.sessionId());
        String why =
            sameProfileElsewhere.isPresent()
                ? "profile moved to device " + req.deviceId()
                : "plan policy " + plan.policy().name().toLowerCase(java.util.Locale.ROOT);
        events.add(endEvent(out, StopReason.EVICTED, now, Initiator.SYSTEM, why, 0));
      }
    }

    Slot slot =
        new Slot(
            req.sessionId(),
            req.profileId(),
            req.deviceId(),
            req.titleId(),
            now,
            now + leaseTtlMs,
            newToken());
    events.add(new StreamAdmitted(slot));
    return persistThenReply(
        events,
        cmd.replyTo(),
        new AdmitReply(
            AdmitOutcome.ADMITTED, "admitted", List.of(), List.copyOf(evicted), plan.name()),
        evicted);
  }

  private ReplyEffect<Event, State> persistThenReply(
      List<Event> events, ActorRef<AdmitReply> replyTo, AdmitReply reply, List<String> evicted) {
    if (events.isEmpty()) {
      return Effect().reply(replyTo, reply);
    }
    return Effect()
        .persist(events)
        .thenRun(
            state -> {
              forgetRenewalsOfEndedSlots(state);
              for (String sessionId : evicted) {
                stopper.stop(sessionId, StopReason.EVICTED, "evicted by the account's plan");
              }
            })
        .thenReply(replyTo, state -> reply);
  }

  // --- leases ----------------------------------------------------------------------------------

  private ReplyEffect<Event, State> renew(Open state, RenewLease cmd) {
    long now = clock.millis();
    Slot slot = state.slots().get(cmd.sessionId());
    if (slot != null && (isLive(slot, now) || hasRoomFor(state, slot.sessionId(), now))) {
      // Live, or lapsed while its session could not renew (its node was gone longer than the
      // lease): every admission frees lapsed slots first, so one still here was not given away,
      // and with room in the plan the stream keeps it.
      renewedAt.put(cmd.sessionId(), now);
      return Effect().none().thenNoReply();
    }
    if (slot != null) {
      // Its lease ran out and the plan has no room for it now: the stream must end.
      renewedAt.remove(cmd.sessionId());
      return Effect()
          .persist(
              endEvent(
                  slot, StopReason.EXPIRED, leaseEnd(slot), Initiator.SYSTEM, "lease expired", 0))
          .thenRun(
              s -> stopper.stop(cmd.sessionId(), StopReason.EXPIRED, "the stream's lease ran out"))
          .thenNoReply();
    }
    Optional<EndedStream> lapsed =
        state.ended(cmd.sessionId()).filter(e -> e.reason() == StopReason.EXPIRED);
    // Not a stream from before a sign-out of every device: its player's token starts nothing now.
    if (lapsed.isPresent()
        && state.devices().containsKey(lapsed.get().deviceId())
        && lapsed.get().startedAtMs() >= state.tokensNotBeforeMs()
        && hasRoomFor(state, cmd.sessionId(), now)) {
      return readmit(lapsed.get(), now);
    }
    return renewUnknown(state, cmd);
  }

  /**
   * A renewal from a stream whose slot an admission freed as lapsed: the session is alive after all
   * (its node was gone longer than the lease, and it recovered elsewhere). The plan has room, so it
   * gets a slot again rather than being ended for a failover it did not cause. A session that
   * expired on its own never renews, so only such a stream comes here.
   */
  private ReplyEffect<Event, State> readmit(EndedStream ended, long now) {
    Slot slot =
        new Slot(
            ended.sessionId(),
            ended.profileId(),
            ended.deviceId(),
            ended.titleId(),
            ended.startedAtMs(),
            now + leaseTtlMs,
            newToken());
    return Effect()
        .persist(new StreamAdmitted(slot))
        .thenRun(s -> renewedAt.put(slot.sessionId(), now))
        .thenNoReply();
  }

  /**
   * Whether the plan can hold {@code sessionId}'s stream besides the live slots and other profiles'
   * reservations (the same count an admission makes).
   */
  private boolean hasRoomFor(Open state, String sessionId, long now) {
    Slot own = state.slots().get(sessionId);
    String profileId =
        own != null
            ? own.profileId()
            : state.ended(sessionId).map(EndedStream::profileId).orElse("");
    int occupied = 0;
    for (Slot other : state.slots().values()) {
      if (!other.sessionId().equals(sessionId) && isLive(other, now)) {
        occupied++;
      }
    }
    for (Reservation r : state.reservations().values()) {
      if (r.untilMs() > now && !r.slot().profileId().equals(profileId)) {
        occupied++;
      }
    }
    return occupied < settings.plan(state.plan()).maxStreams();
  }

  /** A renewal for a stream the account does not hold: it was ended here, so end it there too. */
  private ReplyEffect<Event, State> renewUnknown(State state, RenewLease cmd) {
    StopReason reason =
        state instanceof Open open
            ? open.ended(cmd.sessionId()).map(EndedStream::reason).orElse(StopReason.REVOKED)
            : StopReason.REVOKED;
    stopper.stop(cmd.sessionId(), reason, "the account holds no slot for this stream");
    return Effect().none().thenNoReply();
  }

  private ReplyEffect<Event, State> release(Open state, Release cmd) {
    Slot slot = state.slots().get(cmd.sessionId());
    renewedAt.remove(cmd.sessionId());
    if (slot == null) {
      return Effect().none().thenNoReply();
    }
    long reserveUntil =
        cmd.reason() == StopReason.USER
            ? cmd.atMs() + settings.plan(state.plan()).handoffGrace().toMillis()
            : 0;
    return Effect()
        .persist(
            endEvent(
                slot, cmd.reason(), cmd.atMs(), Initiator.SYSTEM, "session ended", reserveUntil))
        .thenNoReply();
  }

  /** Renewals live in memory; once a slot has left the state, its renewals mean nothing. */
  private void forgetRenewalsOfEndedSlots(State state) {
    if (state instanceof Open open) {
      renewedAt.keySet().retainAll(open.slots().keySet());
    }
  }

  private boolean isLive(Slot slot, long now) {
    return leaseEnd(slot) > now;
  }

  private long leaseEnd(Slot slot) {
    long renewed = renewedAt.getOrDefault(slot.sessionId(), 0L);
    long afterRenewal = renewed == 0 ? 0 : renewed + leaseTtlMs + renewSlackMs;
    long afterRecovery = recoveredAtMs == 0 ? 0 : recoveredAtMs + leaseTtlMs + renewSlackMs;
    return Math.max(slot.leaseExpiresAtMs(), Math.max(afterRenewal, afterRecovery));
  }

  // --- customer care ---------------------------------------------------------------------------

  private ReplyEffect<Event, State> terminate(Open state, Terminate cmd) {
    Slot slot = state.slots().get(cmd.sessionId());
    if (slot == null) {
      return Effect().reply(cmd.replyTo(), careError("no such stream", state));
    }
    return endAll(List.of(slot), List.of(), StopReason.REVOKED, cmd.by(), cmd.why(), cmd.replyTo());
  }

  private ReplyEffect<Event, State> changePlan(Open state, List<Event> opening, ChangePlan cmd) {
    Plan plan = settings.plans().get(cmd.plan());
    if (plan == null) {
      return Effect()
          .reply(
              cmd.replyTo(),
              careError("no plan " + cmd.plan() + "; plans: " + settings.plans().keySet(), state));
    }
    long now = clock.millis();
    List<Event> events = new ArrayList<>(opening);
    events.add(new PlanChanged(plan.name(), now, cmd.by(), cmd.why()));
    // A smaller plan ends the newest streams beyond its limit, so the invariant holds at once.
    List<Slot> live = new ArrayList<>();
    state.slots().values().stream().filter(s -> isLive(s, now)).forEach(live::add);
    live.sort(Comparator.comparingLong(Slot::startedAtMs));
    List<Slot> over = live.subList(Math.min(live.size(), plan.maxStreams()), live.size());
    return endAll(
        List.copyOf(over),
        events,
        StopReason.REVOKED,
        cmd.by(),
        "plan changed to " + plan.name(),
        cmd.replyTo());
  }

  private ReplyEffect<Event, State> registerDevice(
      Open state, List<Event> opening, RegisterDevice cmd) {
    if (state.devices().containsKey(cmd.deviceId())) {
      return Effect().reply(cmd.replyTo(), careOk(state));
    }
    if (state.devices().size() >= settings.plan(state.plan()).maxDevices()) {
      return Effect().reply(cmd.replyTo(), careError("the plan's device limit is reached", state));
    }
    List<Event> events = new ArrayList<>(opening);
    events.add(
        new DeviceRegistered(
            cmd.deviceId(), cmd.deviceType(), clock.millis(), cmd.by(), cmd.why()));
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> careOk((Open) s));
  }

  private ReplyEffect<Event, State> removeDevice(Open state, RemoveDevice cmd) {
    if (!state.devices().containsKey(cmd.deviceId())) {
      return Effect().reply(cmd.replyTo(), careError("no such device", state));
    }
    List<Slot> onDevice =
        state.slots().values().stream().filter(s -> s.deviceId().equals(cmd.deviceId())).toList();
    List<Event> removal =
        List.of(new DeviceRemoved(cmd.deviceId(), clock.millis(), cmd.by(), cmd.why()));
    return endAll(onDevice, removal, StopReason.REVOKED, cmd.by(), cmd.why(), cmd.replyTo());
  }

  private ReplyEffect<Event, State> signOutAll(
      Open state, List<Event> opening, SignOutAllDevices cmd) {
    long now = clock.millis();
    List<Event> removals = new ArrayList<>(opening);
    // JWT times are whole seconds: a token issued in the sign-out's second (before or after it)
    // is refused too, so no token from before the sign-out survives the rounding.
    removals.add(new PlayerTokensRevoked((now / 1000 + 1) * 1000, cmd.by(), cmd.why()));
    for (String deviceId : state.devices().keySet()) {
      removals.add(new DeviceRemoved(deviceId, now, cmd.by(), cmd.why()));
    }
    return endAll(
        List.copyOf(state.slots().values()),
        removals,
        StopReason.REVOKED,
        cmd.by(),
        cmd.why(),
        cmd.replyTo());
  }

  /** Ends the given streams (and persists {@code before} first), then tells their sessions. */
  private ReplyEffect<Event, State> endAll(
      List<Slot> toEnd,
      List<Event> before,
      StopReason reason,
      Initiator by,
      String why,
      ActorRef<CareReply> replyTo) {
    long now = clock.millis();
    List<Event> events = new ArrayList<>(before);
    toEnd.forEach(s -> events.add(endEvent(s, reason, now, by, why, 0)));
    if (events.isEmpty()) {
      return Effect().none().thenReply(replyTo, s -> careOk((Open) s));
    }
    return Effect()
        .persist(events)
        .thenRun(
            s ->
                toEnd.forEach(
                    slot -> {
                      renewedAt.remove(slot.sessionId());
                      stopper.stop(slot.sessionId(), reason, why);
                    }))
        .thenReply(replyTo, s -> careOk((Open) s));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Open opened() {
    return new Open(settings.defaultPlan(), Map.of(), Map.of(), Map.of(), List.of());
  }

  private Event opening() {
    return new AccountOpened(settings.defaultPlan(), clock.millis());
  }

  private static StreamEnded endEvent(
      Slot slot, StopReason reason, long atMs, Initiator by, String why, long reservedUntilMs) {
    return new StreamEnded(slot.sessionId(), reason, atMs, by, why, reservedUntilMs);
  }

  private static String newToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private StreamView streamView(Slot slot, long now, long reservedUntilMs) {
    return new StreamView(
        slot.sessionId(),
        slot.profileId(),
        slot.deviceId(),
        slot.titleId(),
        slot.startedAtMs(),
        reservedUntilMs > 0 ? 0 : leaseEnd(slot),
        slot.terminationToken(),
        reservedUntilMs);
  }

  private AccountView view(Open state) {
    long now = clock.millis();
    List<StreamView> active = new ArrayList<>();
    state.slots().values().stream()
        .filter(s -> isLive(s, now))
        .forEach(s -> active.add(streamView(s, now, 0)));
    List<StreamView> reserved = new ArrayList<>();
    state.reservations().values().stream()
        .filter(r -> r.untilMs() > now)
        .forEach(r -> reserved.add(streamView(r.slot(), now, r.untilMs())));
    return new AccountView(
        accountId,
        settings.plan(state.plan()),
        List.copyOf(state.devices().values()),
        active,
        reserved,
        state.recent());
  }

  private CareReply careOk(Open state) {
    return new CareReply(true, "", view(state));
  }

  private CareReply careError(String error, Open state) {
    return new CareReply(false, error, view(state));
  }

  // ---------------------------------------------------------------------------------------------
  // Event handler: pure.

  @Override
  public EventHandler<State, Event> eventHandler() {
    // A method reference, not the builder's per-entity table (see commandHandler).
    return this::apply;
  }

  private State apply(State state, Event event) {
    if (state instanceof Open open) {
      return applyToOpen(open, event);
    } else if (event instanceof AccountOpened e) {
      return new Open(e.plan(), Map.of(), Map.of(), Map.of(), List.of());
    }
    throw new IllegalStateException(
        "event " + event.getClass().getSimpleName() + " before the account was opened");
  }

  private State applyToOpen(Open state, Event event) {
    if (event instanceof PlanChanged e) {
      return state.withPlan(e.plan());
    } else if (event instanceof DeviceRegistered e) {
      return state.withDevice(new Device(e.deviceId(), e.deviceType(), e.atMs()));
    } else if (event instanceof DeviceRemoved e) {
      return state.withoutDevice(e.deviceId());
    } else if (event instanceof StreamAdmitted e) {
      return state.admit(e.slot());
    } else if (event instanceof StreamEnded e) {
      return state.end(e, settings.recentSessions());
    } else if (event instanceof ReservationReleased e) {
      return state.releaseReservation(e.sessionId());
    } else if (event instanceof PlayerTokensRevoked e) {
      return state.withTokensNotBefore(e.notBeforeMs());
    }
    throw new IllegalStateException(
        "event " + event.getClass().getSimpleName() + " on an open account");
  }
}
