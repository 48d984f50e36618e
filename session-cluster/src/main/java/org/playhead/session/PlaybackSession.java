package org.playhead.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.playhead.session.heartbeat.PlayerState;
import org.playhead.steering.ClientNetworks;
import org.playhead.steering.Demotions;
import org.playhead.steering.SteeringAnswer;
import org.slf4j.MDC;

/**
 * One playback: a sharded, event-sourced entity per session id.
 *
 * <p>Durability contract. Heartbeats are answered from memory: the freshest {@link Progress} lives
 * in {@link #latest} and is persisted only as a checkpoint, at most every {@code
 * checkpoint-interval}, on every state change (pause, rebuffer, seek, play), on stop and expiry,
 * and before passivation or hand-off. A start, a stop and every state change is acknowledged only
 * after its event is written, so those are never lost; a kill -9 of the node loses at most the
 * position reported since the last checkpoint.
 *
 * <p>Cassandra away ({@link JournalAvailability}): a live session's heartbeats never wait for it.
 * They are answered from memory; a state change stays pending in memory (as the position does
 * between checkpoints) and the first heartbeat after Cassandra is back writes it. A write that
 * fails anyway (Cassandra went away while it was in flight) restarts the entity, which recovers
 * keeping what it held in memory. Only a kill -9 during the outage loses a pending state change.
 *
 * <p>Liveness is decided from persisted and current time, never from a timer alone: a live session
 * whose last heartbeat is older than the lease TTL ends as {@link StopReason#EXPIRED} when its
 * lease timer fires or when any command reaches it. A session recovered on another node gets a
 * lease from its recovery, because its persisted heartbeat time may be a checkpoint interval old:
 * its player's next heartbeat keeps it, silence expires it one lease later.
 */
public final class PlaybackSession
    extends EventSourcedBehaviorWithEnforcedReplies<
        PlaybackSession.Command, PlaybackSession.Event, PlaybackSession.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "PlaybackSession");

  public static void init(
      ActorSystem<?> system,
      SessionSettings settings,
      Clock clock,
      SessionLinks links,
      SessionMetrics metrics,
      SessionSteering steering,
      SessionAnalytics analytics) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY,
                    ctx ->
                        create(
                            ctx.getEntityId(),
                            settings,
                            clock,
                            links,
                            metrics,
                            steering,
                            analytics,
                            Optional.of(ctx.getShard())))
                // Passivation and shard hand-off go through Passivate so unpersisted progress is
                // checkpointed before the entity stops.
                .withStopMessage(Passivate.INSTANCE));
  }

  /**
   * @param shard the entity's shard when it runs under sharding; empty in behavior tests
   */
  public static Behavior<Command> create(
      String sessionId,
      SessionSettings settings,
      Clock clock,
      SessionLinks links,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return create(
        sessionId, settings, clock, links, SessionMetrics.NONE, SessionSteering.NONE, shard);
  }

  public static Behavior<Command> create(
      String sessionId,
      SessionSettings settings,
      Clock clock,
      SessionLinks links,
      SessionMetrics metrics,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return create(sessionId, settings, clock, links, metrics, SessionSteering.NONE, shard);
  }

  public static Behavior<Command> create(
      String sessionId,
      SessionSettings settings,
      Clock clock,
      SessionLinks links,
      SessionSteering steering,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return create(sessionId, settings, clock, links, SessionMetrics.NONE, steering, shard);
  }

  public static Behavior<Command> create(
      String sessionId,
      SessionSettings settings,
      Clock clock,
      SessionLinks links,
      SessionMetrics metrics,
      SessionSteering steering,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return create(
        sessionId, settings, clock, links, metrics, steering, SessionAnalytics.NONE, shard);
  }

  /**
   * @param metrics told of starts and of live sessions arriving on and leaving this node
   * @param steering the node's steering decisions for this session's title and player
   * @param analytics the tags of this session's events, and where its heartbeats' QoE goes
   */
  public static Behavior<Command> create(
      String sessionId,
      SessionSettings settings,
      Clock clock,
      SessionLinks links,
      SessionMetrics metrics,
      SessionSteering steering,
      SessionAnalytics analytics,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    // No Behaviors.withMdc: its interceptor and map cost every entity ~140 bytes and every message
    // an MDC write. The entity puts its session id around its own few log lines (log below);
    // Pekko's own lines from an entity carry the persistenceId MDC, which names the session too.
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new PlaybackSession(
                        sessionId, settings, clock, links, metrics, steering, analytics, ctx,
                        timers, shard)));
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  public sealed interface Command extends ClusterSerializable {}

  /** Start this session; idempotent for the same facts. */
  public record Start(SessionFacts facts, long resumePositionMs, ActorRef<Reply> replyTo)
      implements Command {}

  /**
   * Who asks, when it is a player: a player may touch only its own account's, profile's and
   * device's sessions. {@code null} in a command means a trusted caller (care, SRE, the system).
   */
  public record Caller(String accountId, String profileId, String deviceId) {
    boolean owns(SessionFacts facts) {
      return accountId.equals(facts.accountId())
          && profileId.equals(facts.profileId())
          && deviceId.equals(facts.device().deviceId());
    }
  }

  /**
   * @param pushTo where to tell the player at once when its session ends (its open gRPC heartbeat
   *     stream), or {@code null}
   */
  public record Heartbeat(
      HeartbeatReport report, Caller caller, ActorRef<StopNotice> pushTo, ActorRef<Reply> replyTo)
      implements Command {}

  /**
   * The reports of one CMCD event-mode body, applied in order as one command: they cost at most one
   * journal write together (for the last state they reach), and each gets its own outcome.
   */
  public record HeartbeatBatch(
      List<HeartbeatReport> reports, Caller caller, ActorRef<BatchReply> replyTo)
      implements Command {}

  /**
   * End the session. Idempotent: stopping a stopped session answers its view.
   *
   * @param finalPositionMs the player's last playhead, or {@code -1}
   */
  public record Stop(
      StopReason reason, long finalPositionMs, Caller caller, ActorRef<Reply> replyTo)
      implements Command {}

  public record Get(Caller caller, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Steer this session's player: rank the caches for its title and client, with the caches its
   * player reported failing demoted. Persists the decision when the ranking changed.
   *
   * @param clientAddress validated at the edge
   * @param trigger what asks: {@code start}, {@code dash}, {@code hls}, {@code manifest}
   */
  public record Steer(
      String clientAddress, String trigger, Caller caller, ActorRef<SteerReply> replyTo)
      implements Command {}

  /**
   * Sent by the session's account when it evicts or revokes the stream, or no longer holds its
   * slot. No reply: the player learns it from its next heartbeat.
   */
  public record Revoke(StopReason reason, String detail) implements Command {}

  /**
   * A message that only brings the entity into memory (recovering it from the journal) and
   * otherwise changes nothing: a live session re-checks its lease, any other state ignores it. Sent
   * while a start's admission is decided, so the recovery reads overlap the admission write.
   */
  public static Command warmUp() {
    return CheckLease.INSTANCE;
  }

  /** Sent by the entity's own lease timer, and by {@link #warmUp()}. */
  enum CheckLease implements Command {
    INSTANCE
  }

  /** Sent by the shard to passivate or hand off the entity. */
  enum Passivate implements Command {
    INSTANCE
  }

  /** Sent by the entity's own timer when its write budget allows a deferred state change. */
  enum WritePending implements Command {
    INSTANCE
  }

  // ---------------------------------------------------------------------------------------------
  // Replies

  /**
   * The answer to every player-facing command. One record rather than {@code StatusReply}, because
   * the API maps each outcome to its own HTTP and gRPC status and still shows the session.
   *
   * @param session {@code null} only for {@link Outcome#NOT_FOUND}
   * @param applied false when the command changed nothing (a duplicate heartbeat, a repeated start
   *     or stop)
   * @param ownerUrl the base URL of the node holding the session, when nodes name themselves (empty
   *     otherwise): where the session's next calls cost no hop
   */
  public record Reply(
      Outcome outcome, SessionView session, boolean applied, String detail, String ownerUrl)
      implements ClusterSerializable {
    public Reply {
      ownerUrl = ownerUrl == null ? "" : ownerUrl;
    }

    /** A reply without an owner hint. */
    public Reply(Outcome outcome, SessionView session, boolean applied, String detail) {
      this(outcome, session, applied, detail, "");
    }
  }

  /**
   * The answer to {@link Steer}.
   *
   * @param session {@code null} for {@link Outcome#NOT_FOUND} and {@link Outcome#FORBIDDEN}
   * @param answer the ranked caches ({@code null} unless {@link Outcome#OK})
   * @param manifestPathways the pathways this session's manifest was decorated with (empty when not
   *     known): pathways beyond them reach the player as clones
   */
  public record SteerReply(
      Outcome outcome,
      SessionView session,
      SteeringAnswer answer,
      List<String> manifestPathways,
      String detail)
      implements ClusterSerializable {}

  /**
   * The answer to {@link HeartbeatBatch}: the session after the whole batch, and what became of
   * each report, in the batch's order ({@code lines} is empty unless {@link Outcome#OK}).
   */
  public record BatchReply(Reply reply, List<ReportOutcome> lines) implements ClusterSerializable {}

  /** What became of one report of a batch. */
  public enum ReportOutcome {
    /** It moved the session (its position, state or last report). */
    APPLIED,
    /** Its {@code sn} (or, without one, its {@code ts}) was already seen: answered, not applied. */
    ALREADY_SEEN,
    /** An earlier report of the batch ended the session. */
    AFTER_END
  }

  /** Pushed to a player's open heartbeat stream when its session ends. */
  public record StopNotice(String sessionId, StopReason reason, String detail)
      implements ClusterSerializable {}

  public enum Outcome {
    OK,
    /** No such session. */
    NOT_FOUND,
    /** The command contradicts the session (a start with other facts under the same id). */
    CONFLICT,
    /** The session has stopped; the view says why. */
    ENDED,
    /** The caller is a player that does not own this session; nothing changed. */
    FORBIDDEN,
    /**
     * The session's player sent more reports than its budget allows ({@link SessionBudget});
     * nothing changed. Retry after a second.
     */
    THROTTLED
  }

  // ---------------------------------------------------------------------------------------------
  // Events: persisted through SessionEventSerializer (protobuf), never renumbered.

  public sealed interface Event {}

  public record PlaybackStarted(SessionFacts facts, Progress progress) implements Event {}

  /** The player moved between playing, paused, rebuffering and seeking. */
  public record PlaybackStateChanged(SessionPhase phase, Progress progress, long atMs)
      implements Event {}

  /** A periodic save of the position; no state change. */
  public record PositionCheckpointed(Progress progress) implements Event {}

  /**
   * @param atMs when the session ended: for an expiry, its last heartbeat plus the lease TTL
   */
  public record PlaybackStopped(StopReason reason, Progress progress, long atMs) implements Event {}

  /** Steering ranked the caches for this session's player (at start, or when the ranking moved). */
  public record SteeringDecided(SteeringRecord decision) implements Event {}

  // ---------------------------------------------------------------------------------------------
  // State: one type per lifecycle phase.

  public sealed interface State {}

  public record NotStarted() implements State {}

  /** A session that is still playing in some form; the lease applies. */
  public sealed interface Live extends State {
    SessionFacts facts();

    Progress progress();

    SessionPhase phase();

    /** The last steering decision persisted ({@link SteeringRecord#NONE} before the first). */
    SteeringRecord steering();

    static Live of(SessionPhase phase, SessionFacts facts, Progress progress) {
      return of(phase, facts, progress, SteeringRecord.NONE);
    }

    static Live of(
        SessionPhase phase, SessionFacts facts, Progress progress, SteeringRecord steering) {
      return switch (phase) {
        case STARTING -> new Starting(facts, progress, steering);
        case PLAYING -> new Playing(facts, progress, steering);
        case PAUSED -> new Paused(facts, progress, steering);
        case REBUFFERING -> new Stalled(facts, progress, Stall.REBUFFERING, steering);
        case SEEKING -> new Stalled(facts, progress, Stall.SEEKING, steering);
        case STOPPED -> throw new IllegalArgumentException("STOPPED is not a live phase");
      };
    }

    default Live withProgress(Progress newProgress) {
      return of(phase(), facts(), newProgress, steering());
    }

    default Live withSteering(SteeringRecord decision) {
      return of(phase(), facts(), progress(), decision);
    }

    default Stopped stop(StopReason reason, Progress finalProgress, long atMs) {
      return new Stopped(facts(), finalProgress, reason, atMs, steering());
    }
  }

  public record Starting(SessionFacts facts, Progress progress, SteeringRecord steering)
      implements Live {
    public Starting(SessionFacts facts, Progress progress) {
      this(facts, progress, SteeringRecord.NONE);
    }

    public SessionPhase phase() {
      return SessionPhase.STARTING;
    }
  }

  public record Playing(SessionFacts facts, Progress progress, SteeringRecord steering)
      implements Live {
    public Playing(SessionFacts facts, Progress progress) {
      this(facts, progress, SteeringRecord.NONE);
    }

    public SessionPhase phase() {
      return SessionPhase.PLAYING;
    }
  }

  public record Paused(SessionFacts facts, Progress progress, SteeringRecord steering)
      implements Live {
    public Paused(SessionFacts facts, Progress progress) {
      this(facts, progress, SteeringRecord.NONE);
    }

    public SessionPhase phase() {
      return SessionPhase.PAUSED;
    }
  }

  public enum Stall {
    REBUFFERING,
    SEEKING
  }

  /** Playback halted while the player rebuffers or seeks. */
  public record Stalled(SessionFacts facts, Progress progress, Stall stall, SteeringRecord steering)
      implements Live {
    public Stalled(SessionFacts facts, Progress progress, Stall stall) {
      this(facts, progress, stall, SteeringRecord.NONE);
    }

    public SessionPhase phase() {
      return stall == Stall.REBUFFERING ? SessionPhase.REBUFFERING : SessionPhase.SEEKING;
    }
  }

  public record Stopped(
      SessionFacts facts,
      Progress progress,
      StopReason reason,
      long stoppedAtMs,
      SteeringRecord steering)
      implements State {
    public Stopped(SessionFacts facts, Progress progress, StopReason reason, long stoppedAtMs) {
      this(facts, progress, reason, stoppedAtMs, SteeringRecord.NONE);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Behavior

  private static final String LEASE_TIMER = "lease";
  private static final String WRITE_TIMER = "write-pending";

  private final String sessionId;
  private final SessionSettings settings;
  private final Clock clock;
  private final SessionLinks links;
  private final SessionMetrics metrics;
  private final SessionSteering steering;
  private final SessionAnalytics analytics;
  private final JournalAvailability journal;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Optional<ActorRef<ClusterSharding.ShardCommand>> shard;
  private final long leaseTtlMs;
  private final long checkpointIntervalMs;
  private final long renewEveryMs;

  /** The player's open heartbeat stream, if it has one; in memory (it reconnects anyway). */
  private ActorRef<StopNotice> stream;

  /**
   * Caches this session's player reported failing, each demoted until the steering TTL passes; in
   * memory (a node's death forgets them, and the player reports again).
   */
  private Demotions demotions = Demotions.NONE;

  /**
   * The client network of the session's last steering request ({@link ClientNetworks}); what its
   * player's failure reports count as. In memory: a new node learns it at the next request.
   */
  private long clientNetwork = ClientNetworks.UNKNOWN;

  /** A revocation that reached this session before its start; in memory (see handleNotStarted). */
  private Revoke revokedBeforeStart;

  /** The pathways the player's manifest was decorated with; in memory. */
  private List<String> manifestPathways = List.of();

  /**
   * When this incarnation recovered a live session from the journal (0 if it started it): a lease
   * runs from then too (see {@link #leaseExpiresAtMs}).
   */
  private long recoveredAtMs;

  /** What this session's player has spent of its budget; in memory (a new node starts afresh). */
  private SessionBudget budget = SessionBudget.FULL;

  /**
   * The one pending state change: the phase the player reported last when the journal does not have
   * it yet ({@code null} when it does). Heartbeats are answered with it. It is written when both
   * the write budget and the journal allow ({@link #persistReached}, {@link WritePending}), by
   * passivation, or superseded by the stop; it stays pending while the write budget is spent, while
   * Cassandra is away, and across a failed write (the entity recovers keeping it). It leaves only
   * when its event is written ({@link #afterPersist}) or the journal already has it.
   */
  private SessionPhase pendingPhase;

  /**
   * The highest CMCD {@code ts} applied, and that value as of the end of the previous command:
   * reports without {@code sn} are ordered by their {@code ts}. In memory: after a node's death the
   * player's next reports are simply applied.
   */
  private long lastReportTimeMs = -1;

  private long reportTimeFloorMs = -1;

  /** When this session last renewed its account slot; in memory, like {@link #latest}. */
  private long lastRenewalMs;

  /**
   * Whether this entity counts in the node's active sessions. A flag rather than the state's type,
   * because a restart after a journal failure recovers the same instance again.
   */
  private boolean countedActive;

  /**
   * The freshest progress of a live session, ahead of the persisted state between checkpoints. It
   * is what heartbeats are answered from and what a checkpoint writes; it dies with the node, which
   * is the durability contract above.
   */
  private Progress latest;

  private PlaybackSession(
      String sessionId,
      SessionSettings settings,
      Clock clock,
      SessionLinks links,
      SessionMetrics metrics,
      SessionSteering steering,
      SessionAnalytics analytics,
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    super(PersistenceId.of(ENTITY_KEY.name(), sessionId), EntitySupervision.RESTART_WITH_BACKOFF);
    this.sessionId = sessionId;
    this.settings = settings;
    this.clock = clock;
    this.links = links;
    this.metrics = metrics;
    this.steering = steering;
    this.analytics = analytics;
    this.journal = JournalAvailability.get(context.getSystem());
    this.context = context;
    this.timers = timers;
    this.shard = shard;
    this.leaseTtlMs = settings.leaseTtl().toMillis();
    this.checkpointIntervalMs = settings.checkpointInterval().toMillis();
    this.renewEveryMs = settings.renewEvery().toMillis();
    this.limits = settings.budget();
  }

  private final SessionBudget.Limits limits;

  @Override
  public State emptyState() {
    return new NotStarted();
  }

  /** Every event of a session carries its one tag, read by the analytics projections. */
  @Override
  public Set<String> tagsFor(Event event) {
    return analytics.tagsFor(sessionId);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              if (state instanceof Live live) {
                // After a failed write the same instance recovers again: what it held in memory
                // (progress, a pending phase) is newer than the journal, and stays.
                if (latest == null
                    || latest.lastSequenceNumber() < live.progress().lastSequenceNumber()) {
                  latest = live.progress();
                }
                if (pendingPhase == live.phase()) {
                  pendingPhase = null;
                }
                recoveredAtMs = clock.millis();
                countActive(true);
                // A session recovered after its node died may already be past its lease: the
                // timer fires at once and expires it from persisted time.
                scheduleLeaseCheck();
              }
            })
        // Passivation, hand-off and a failed recovery all end here.
        .onSignal(PostStop.instance(), state -> countActive(false))
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    // One method reference per entity rather than the javadsl builder, which builds a table of
    // cases and lambdas for every entity: about 1.35 KB of a live session's heap in a histogram,
    // and a node holds one session entity per stream it serves.
    return this::handle;
  }

  private ReplyEffect<Event, State> handle(State state, Command command) {
    if (state instanceof Live live) {
      return handleLive(live, command);
    } else if (state instanceof Stopped stopped) {
      return handleStopped(stopped, command);
    }
    return handleNotStarted((NotStarted) state, command);
  }

  private ReplyEffect<Event, State> handleNotStarted(NotStarted state, Command command) {
    if (command instanceof Start cmd) {
      return revokedBeforeStart != null ? refuseRevokedStart(cmd) : start(state, cmd);
    } else if (command instanceof Revoke cmd) {
      // The account ended this stream between its admission and its start (an eviction, a care
      // action): the start that follows must not play. Kept in memory only: the account refuses
      // a retried start of an ended session, and stops a stream it holds no slot for when it
      // renews, should this entity be gone by then.
      revokedBeforeStart = cmd;
      return Effect().none().thenNoReply();
    } else if (command instanceof Heartbeat cmd) {
      return notFound(cmd.replyTo());
    } else if (command instanceof HeartbeatBatch cmd) {
      return notFoundBatch(cmd.replyTo());
    } else if (command instanceof Stop cmd) {
      return notFound(cmd.replyTo());
    } else if (command instanceof Get cmd) {
      return notFound(cmd.replyTo());
    } else if (command instanceof Steer cmd) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new SteerReply(Outcome.NOT_FOUND, null, null, List.of(), "no such session"));
    }
    return ignoredOrPassivated(command);
  }

  private ReplyEffect<Event, State> handleLive(Live state, Command command) {
    if (command instanceof Heartbeat cmd) {
      return owned(state.facts(), cmd.caller()) ? heartbeat(state, cmd) : forbidden(cmd.replyTo());
    } else if (command instanceof HeartbeatBatch cmd) {
      return owned(state.facts(), cmd.caller())
          ? heartbeats(state, cmd)
          : Effect()
              .reply(
                  cmd.replyTo(),
                  new BatchReply(
                      new Reply(Outcome.FORBIDDEN, null, false, "not this player's session"),
                      List.of()));
    } else if (command instanceof Start cmd) {
      return startAgain(state, cmd);
    } else if (command instanceof Stop cmd) {
      return owned(state.facts(), cmd.caller()) ? stop(state, cmd) : forbidden(cmd.replyTo());
    } else if (command instanceof Get cmd) {
      return owned(state.facts(), cmd.caller()) ? get(state, cmd) : forbidden(cmd.replyTo());
    } else if (command instanceof Steer cmd) {
      return owned(state.facts(), cmd.caller())
          ? steer(state, cmd)
          : Effect()
              .reply(
                  cmd.replyTo(),
                  new SteerReply(
                      Outcome.FORBIDDEN, null, null, List.of(), "not this player's session"));
    } else if (command instanceof CheckLease cmd) {
      return checkLease(state, cmd);
    } else if (command instanceof Revoke cmd) {
      return revoke(state, cmd);
    } else if (command instanceof Passivate cmd) {
      return passivate(state, cmd);
    } else if (command instanceof WritePending) {
      return writePending(state);
    }
    throw new IllegalStateException("unhandled command " + command.getClass().getName());
  }

  private ReplyEffect<Event, State> handleStopped(Stopped state, Command command) {
    if (command instanceof Start cmd) {
      return Effect()
          .reply(cmd.replyTo(), reply(Outcome.ENDED, state, false, "session has already ended"));
    } else if (command instanceof Heartbeat cmd) {
      return !owned(state.facts(), cmd.caller())
          ? forbidden(cmd.replyTo())
          : Effect().reply(cmd.replyTo(), reply(Outcome.ENDED, state, false, endedDetail(state)));
    } else if (command instanceof HeartbeatBatch cmd) {
      Reply refused =
          !owned(state.facts(), cmd.caller())
              ? new Reply(Outcome.FORBIDDEN, null, false, "not this player's session")
              : reply(Outcome.ENDED, state, false, endedDetail(state));
      return Effect().reply(cmd.replyTo(), new BatchReply(refused, List.of()));
    } else if (command instanceof Stop cmd) {
      return !owned(state.facts(), cmd.caller())
          ? forbidden(cmd.replyTo())
          : Effect().reply(cmd.replyTo(), reply(Outcome.OK, state, false, "already stopped"));
    } else if (command instanceof Get cmd) {
      return !owned(state.facts(), cmd.caller())
          ? forbidden(cmd.replyTo())
          : Effect().reply(cmd.replyTo(), reply(Outcome.OK, state));
    } else if (command instanceof Steer cmd) {
      return Effect()
          .reply(
              cmd.replyTo(),
              !owned(state.facts(), cmd.caller())
                  ? new SteerReply(
                      Outcome.FORBIDDEN, null, null, List.of(), "not this player's session")
                  : new SteerReply(
                      Outcome.ENDED, view(state), null, List.of(), endedDetail(state)));
    }
    return ignoredOrPassivated(command);
  }

  /** Lease checks and revocations mean nothing to a session that is not live. */
  private ReplyEffect<Event, State> ignoredOrPassivated(Command command) {
    if (command instanceof CheckLease
        || command instanceof Revoke
        || command instanceof WritePending) {
      return Effect().none().thenNoReply();
    } else if (command instanceof Passivate) {
      return Effect().stop().thenNoReply();
    }
    throw new IllegalStateException("unhandled command " + command.getClass().getName());
  }

  private ReplyEffect<Event, State> start(NotStarted state, Start cmd) {
    long now = clock.millis();
    Progress progress = Progress.startingAt(cmd.resumePositionMs(), now);
    SessionFacts facts =
        new SessionFacts(
            cmd.facts().accountId(),
            cmd.facts().profileId(),
            cmd.facts().device(),
            cmd.facts().titleId(),
            now);
    return persist(new PlaybackStarted(facts, progress))
        .thenRun(
            newState -> {
              latest = progress;
              metrics.started();
              countActive(true);
              scheduleLeaseCheck();
              log("Playback started for title {}", facts.titleId());
            })
        .thenReply(cmd.replyTo(), newState -> reply(Outcome.OK, newState));
  }

  /** The start of a stream its account ended before it began: answered ended, nothing persisted. */
  private ReplyEffect<Event, State> refuseRevokedStart(Start cmd) {
    long now = clock.millis();
    SessionFacts f = cmd.facts();
    SessionView ended =
        new SessionView(
            sessionId,
            new SessionFacts(f.accountId(), f.profileId(), f.device(), f.titleId(), now),
            SessionPhase.STOPPED,
            revokedBeforeStart.reason(),
            Progress.startingAt(cmd.resumePositionMs(), now),
            now,
            0);
    return Effect()
        .reply(
            cmd.replyTo(),
            new Reply(
                Outcome.ENDED,
                ended,
                false,
                "session ended before it started (" + revokedBeforeStart.detail() + ")"));
  }

  private ReplyEffect<Event, State> startAgain(Live state, Start cmd) {
    long now = clock.millis();
    if (isLeaseOver(now)) {
      return expire(now).thenReply(cmd.replyTo(), s -> reply(Outcome.ENDED, s, false, "expired"));
    }
    if (state.facts().sameStreamAs(cmd.facts())) {
      return Effect().reply(cmd.replyTo(), reply(Outcome.OK, state, false, "already started"));
    }
    return Effect()
        .reply(
            cmd.replyTo(),
            reply(Outcome.CONFLICT, state, false, "session id is in use by another stream"));
  }

  private ReplyEffect<Event, State> heartbeat(Live state, Heartbeat cmd) {
    long now = clock.millis();
    if (isLeaseOver(now)) {
      return expire(now)
          .thenReply(cmd.replyTo(), s -> reply(Outcome.ENDED, s, false, endedDetail(s)));
    }
    long wait = budget.reportWaitMs(now, limits);
    if (wait > 0) {
      return Effect()
          .reply(
              cmd.replyTo(),
              reply(Outcome.THROTTLED, state, false, "too many reports for this session"));
    }
    budget = budget.afterReport(now, limits);
    if (cmd.pushTo() != null) {
      stream = cmd.pushTo();
    }
    Applied applied = new Applied(phaseOf(state));
    if (applyInMemory(state, cmd.report(), applied, now) != ReportOutcome.APPLIED) {
      // A duplicate or a heartbeat overtaken by a newer one: answered, never applied, so state
      // never moves backwards.
      return Effect()
          .reply(cmd.replyTo(), reply(Outcome.OK, state, false, "sequence number already seen"));
    }
    return persistReached(state, applied, now).thenReply(cmd.replyTo(), s -> reply(Outcome.OK, s));
  }

  private ReplyEffect<Event, State> heartbeats(Live state, HeartbeatBatch cmd) {
    long now = clock.millis();
    if (isLeaseOver(now)) {
      return expire(now)
          .thenReply(
              cmd.replyTo(),
              s -> new BatchReply(reply(Outcome.ENDED, s, false, endedDetail(s)), List.of()));
    }
    // A batch spends the report budget once: its lines cost one command and at most one write.
    if (budget.reportWaitMs(now, limits) > 0) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new BatchReply(
                  reply(Outcome.THROTTLED, state, false, "too many reports for this session"),
                  List.of()));
    }
    budget = budget.afterReport(now, limits);
    Applied applied = new Applied(phaseOf(state));
    List<ReportOutcome> lines = new java.util.ArrayList<>(cmd.reports().size());
    for (HeartbeatReport report : cmd.reports()) {
      lines.add(
          applied.endedBy != null
              ? ReportOutcome.AFTER_END
              : applyInMemory(state, report, applied, now));
    }
    List<ReportOutcome> outcomes = List.copyOf(lines);
    if (!outcomes.contains(ReportOutcome.APPLIED)) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new BatchReply(
                  reply(Outcome.OK, state, false, "every report already seen"), outcomes));
    }
    return persistReached(state, applied, now)
        .thenReply(cmd.replyTo(), s -> new BatchReply(reply(Outcome.OK, s), outcomes));
  }

  /** Where the reports of one command took the session, before anything is written. */
  private static final class Applied {
    SessionPhase phase;
    StopReason endedBy;

    Applied(SessionPhase phase) {
      this.phase = phase;
    }
  }

  /**
   * Applies one report to {@link #latest} and to {@code applied}: nothing is written here, so that
   * a batch of reports costs at most one journal write (see {@link #persistReached}).
   *
   * <p>Order: a report with {@code sn} is new if its {@code sn} is above the last one applied; one
   * without {@code sn} (dash.js sends {@code e}, {@code ts}, {@code v} unless more keys are
   * enabled) is new if its {@code ts} is above the last {@code ts} of an earlier command, and one
   * with neither is taken in arrival order.
   */
  private ReportOutcome applyInMemory(
      Live state, HeartbeatReport report, Applied applied, long now) {
    boolean hasSequence = report.sequenceNumber() >= 0;
    if (hasSequence
        ? report.sequenceNumber() <= latest.lastSequenceNumber()
        : report.clientTimeMs() >= 0 && report.clientTimeMs() <= reportTimeFloorMs) {
      return ReportOutcome.ALREADY_SEEN;
    }
    if (report.clientTimeMs() > lastReportTimeMs) {
      lastReportTimeMs = report.clientTimeMs();
    }
    if (report.playerError() && !report.pathway().isEmpty()) {
      // The player failed on this pathway: demote it for this session until the steering TTL
      // passes (then it is tried again), and count it against the cache's health.
      demotions = demotions.with(report.pathway(), now + steering.ttl().toMillis(), now);
      steering.playerFailure(report.pathway(), sessionId, clientNetwork);
      log("Player reported failures on pathway {}", report.pathway());
    }
    long positionBefore = latest.positionMs();
    Progress advanced =
        latest.advancedBy(report, now, applied.phase == SessionPhase.PLAYING, leaseTtlMs);
    // The phase this report met (a batch's earlier lines may have moved it since the command's).
    analytics.heartbeatApplied(sessionId, state, applied.phase, latest, report, advanced, now);
    latest = advanced;
    applied.endedBy = stopReasonFor(report.playerState());
    applied.phase = phaseFor(report.playerState(), applied.phase);
    if (report.playerState() == null
        && applied.phase == SessionPhase.STARTING
        && (report.playheadMs() > positionBefore || report.playbackStarted())) {
      // No state in the report, but its playhead moved or it carries the start delay (msd) that
      // players send once playback starts: the player is playing. Shaka 5.2 sends no sta, dash.js
      // only when enabled.
      applied.phase = SessionPhase.PLAYING;
    }
    return ReportOutcome.APPLIED;
  }

  /**
   * After the reports of one command: renews the account slot if due, and writes at most one event,
   * for the last state the reports reached (a stop, a state change, or a checkpoint due).
   */
  private EffectBuilder<Event, State> persistReached(Live state, Applied applied, long now) {
    // Reports of the next command with a ts at or below this one are ones already seen.
    reportTimeFloorMs = lastReportTimeMs;
    if (now - lastRenewalMs >= renewEveryMs) {
      lastRenewalMs = now;
      links.renewSlot(state.facts().accountId(), sessionId);
    }
    if (applied.endedBy != null) {
      return persist(new PlaybackStopped(applied.endedBy, latest.checkpointedAt(now), now));
    }
    SessionPhase target = applied.phase;
    pendingPhase = target == state.phase() ? null : target;
    boolean checkpointDue = now - state.progress().checkpointedAtMs() >= checkpointIntervalMs;
    if (!journal.isAvailable()) {
      // Cassandra away: answered from memory. The state change stays pending and the position
      // unwritten; the first heartbeat after its return writes them (within the write budget).
      return Effect().none();
    }
    if (pendingPhase != null) {
      long wait = budget.writeWaitMs(now, limits);
      if (wait == 0 || checkpointDue) {
        budget = budget.afterWrite(now, limits);
        return persist(new PlaybackStateChanged(target, latest.checkpointedAt(now), now));
      }
      // Over the write budget: the phase moves in memory, the write follows within the budget.
      timers.startSingleTimer(WRITE_TIMER, WritePending.INSTANCE, Duration.ofMillis(wait));
      return Effect().none();
    }
    if (checkpointDue) {
      return persist(new PositionCheckpointed(latest.checkpointedAt(now)));
    }
    return Effect().none();
  }

  private ReplyEffect<Event, State> stop(Live state, Stop cmd) {
    long now = clock.millis();
    if (isLeaseOver(now)) {
      return expire(now).thenReply(cmd.replyTo(), s -> reply(Outcome.OK, s, false, "expired"));
    }
    Progress last =
        cmd.finalPositionMs() >= 0 ? latest.withPosition(cmd.finalPositionMs()) : latest;
    latest = last;
    return persist(new PlaybackStopped(cmd.reason(), last.checkpointedAt(now), now))
        .thenReply(cmd.replyTo(), s -> reply(Outcome.OK, s));
  }

  private ReplyEffect<Event, State> get(Live state, Get cmd) {
    long now = clock.millis();
    if (isLeaseOver(now)) {
      return expire(now).thenReply(cmd.replyTo(), s -> reply(Outcome.OK, s));
    }
    return Effect().reply(cmd.replyTo(), reply(Outcome.OK, state));
  }

  private ReplyEffect<Event, State> steer(Live state, Steer cmd) {
    long now = clock.millis();
    if (isLeaseOver(now)) {
      return expire(now)
          .thenReply(
              cmd.replyTo(),
              s -> new SteerReply(Outcome.ENDED, view(s), null, List.of(), endedDetail(s)));
    }
    SteeringAnswer answer =
        steering.decide(cmd.clientAddress(), state.facts().titleId(), demotions, now);
    clientNetwork = ClientNetworks.of(cmd.clientAddress());
    if (answer == null) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new SteerReply(Outcome.CONFLICT, view(state), null, List.of(), "bad client address"));
    }
    if ("manifest".equals(cmd.trigger())) {
      manifestPathways = answer.pathways();
    }
    List<String> known =
        !manifestPathways.isEmpty() ? manifestPathways : state.steering().pathways();
    // Over the write budget, or with Cassandra away, a new ranking is answered but not recorded:
    // the player still follows it; care's view keeps the last one written.
    if (state.steering().sameRanking(answer)
        || budget.writeWaitMs(now, limits) > 0
        || !journal.isAvailable()) {
      return Effect()
          .reply(cmd.replyTo(), new SteerReply(Outcome.OK, view(state), answer, known, ""));
    }
    budget = budget.afterWrite(now, limits);
    return Effect()
        .persist(new SteeringDecided(SteeringRecord.of(now, cmd.trigger(), answer)))
        .thenReply(cmd.replyTo(), s -> new SteerReply(Outcome.OK, view(s), answer, known, ""));
  }

  private ReplyEffect<Event, State> checkLease(Live state, CheckLease cmd) {
    if (isLeaseOver(clock.millis())) {
      return expire(clock.millis()).thenNoReply();
    }
    scheduleLeaseCheck();
    return Effect().none().thenNoReply();
  }

  private ReplyEffect<Event, State> revoke(Live state, Revoke cmd) {
    long now = clock.millis();
    return persist(new PlaybackStopped(cmd.reason(), latest.checkpointedAt(now), now))
        .thenNoReply();
  }

  private ReplyEffect<Event, State> passivate(Live state, Passivate cmd) {
    long now = clock.millis();
    if (!journal.isAvailable()) {
      // A write would fail and keep the entity (and a hand-off) waiting for Cassandra: the journal
      // keeps the last checkpoint, and the player's next heartbeat brings the rest to wherever
      // the session recovers.
      return Effect().stop().thenNoReply();
    }
    if (pendingPhase != null) {
      return persist(new PlaybackStateChanged(pendingPhase, latest.checkpointedAt(now), now))
          .thenStop()
          .thenNoReply();
    }
    if (latest.equals(state.progress())) {
      return Effect().stop().thenNoReply();
    }
    return persist(new PositionCheckpointed(latest.checkpointedAt(now))).thenStop().thenNoReply();
  }

  /** The phase the player is in: a pending one (not written yet) before the persisted one. */
  private SessionPhase phaseOf(Live state) {
    return pendingPhase != null ? pendingPhase : state.phase();
  }

  /**
   * The pending state change, once the write budget allows it. With Cassandra away the timer does
   * nothing: the first heartbeat after its return writes the change (see persistReached).
   */
  private ReplyEffect<Event, State> writePending(Live state) {
    long now = clock.millis();
    if (pendingPhase == null || pendingPhase == state.phase()) {
      pendingPhase = null;
      return Effect().none().thenNoReply();
    }
    if (!journal.isAvailable()) {
      return Effect().none().thenNoReply();
    }
    long wait = budget.writeWaitMs(now, limits);
    if (wait > 0) {
      timers.startSingleTimer(WRITE_TIMER, WritePending.INSTANCE, Duration.ofMillis(wait));
      return Effect().none().thenNoReply();
    }
    budget = budget.afterWrite(now, limits);
    return persist(new PlaybackStateChanged(pendingPhase, latest.checkpointedAt(now), now))
        .thenNoReply();
  }

  private EffectBuilder<Event, State> expire(long now) {
    long expiredAt = leaseExpiresAtMs();
    return persist(new PlaybackStopped(StopReason.EXPIRED, latest.checkpointedAt(now), expiredAt));
  }

  private boolean isLeaseOver(long now) {
    return now >= leaseExpiresAtMs();
  }

  /**
   * A lease after the last heartbeat, or after this entity recovered on a node if that is later.
   * The persisted heartbeat time can be a whole checkpoint interval old (30 minutes by default), so
   * judging a recovered session by it alone would expire every long-running stream of a dead node
   * whose player is still heartbeating. A player that really vanished is expired one lease after
   * recovery instead, as the account does with its slots.
   */
  private long leaseExpiresAtMs() {
    return Math.max(latest.lastHeartbeatAtMs(), recoveredAtMs) + leaseTtlMs;
  }

  private void scheduleLeaseCheck() {
    long due = leaseExpiresAtMs() - clock.millis();
    timers.startSingleTimer(LEASE_TIMER, CheckLease.INSTANCE, Duration.ofMillis(Math.max(0, due)));
  }

  /** Every event goes through here, so what follows a write is decided in one place. */
  private EffectBuilder<Event, State> persist(Event event) {
    return Effect().persist(event).thenRun(this::afterPersist);
  }

  /** Tells the profile's bookmarks and, at the end, the account what was just written. */
  private void afterPersist(State state) {
    if (state instanceof Live live && live.phase() == pendingPhase) {
      pendingPhase = null;
    }
    if (state instanceof Live live) {
      Progress progress = live.progress();
      if (progress.lastSequenceNumber() != Progress.NO_SEQUENCE) {
        links.recordPosition(
            live.facts(), sessionId, progress.positionMs(), progress.lastHeartbeatAtMs(), false);
      }
    } else if (state instanceof Stopped stopped) {
      pendingPhase = null;
      timers.cancel(LEASE_TIMER);
      timers.cancel(WRITE_TIMER);
      countActive(false);
      // A player's own stop carries its final position now; otherwise the last heartbeat's.
      boolean byPlayer = stopped.reason().isPlayerInitiated();
      links.recordPosition(
          stopped.facts(),
          sessionId,
          stopped.progress().positionMs(),
          byPlayer ? stopped.stoppedAtMs() : stopped.progress().lastHeartbeatAtMs(),
          stopped.reason() == StopReason.ENDED);
      links.releaseSlot(
          stopped.facts().accountId(), sessionId, stopped.reason(), stopped.stoppedAtMs());
      if (stream != null) {
        stream.tell(new StopNotice(sessionId, stopped.reason(), "session ended"));
        stream = null;
      }
      log("Playback stopped: {}", stopped.reason());
    }
  }

  private void countActive(boolean active) {
    if (active != countedActive) {
      countedActive = active;
      if (active) {
        metrics.activated();
      } else {
        metrics.deactivated();
      }
    }
  }

  private static StopReason stopReasonFor(PlayerState playerState) {
    if (playerState == null) {
      return null;
    }
    return switch (playerState) {
      case ENDED -> StopReason.ENDED;
      case QUIT -> StopReason.USER;
      default -> null;
    };
  }

  /** The phase a reported player state moves the session to; states that say nothing keep it. */
  static SessionPhase phaseFor(PlayerState playerState, SessionPhase current) {
    if (playerState == null) {
      return current;
    }
    return switch (playerState) {
      case PLAYING -> SessionPhase.PLAYING;
      case PAUSED -> SessionPhase.PAUSED;
      case REBUFFERING -> SessionPhase.REBUFFERING;
      case SEEKING -> SessionPhase.SEEKING;
      // Starting, preloading and waiting only describe a session that has not played yet; a fatal
      // error is the player's to recover from (or to stop); ended and quit stop the session.
      case STARTING, PRELOADING, WAITING, FATAL_ERROR, ENDED, QUIT -> current;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  private static boolean owned(SessionFacts facts, Caller caller) {
    return caller == null || caller.owns(facts);
  }

  /** Another player's session: say nothing about it and change nothing. */
  private ReplyEffect<Event, State> forbidden(ActorRef<Reply> replyTo) {
    return Effect()
        .reply(replyTo, new Reply(Outcome.FORBIDDEN, null, false, "not this player's session"));
  }

  /**
   * A command for a session that never started woke an empty entity: answer, and ask the shard to
   * passivate it so stray ids do not stay resident.
   */
  private ReplyEffect<Event, State> notFound(ActorRef<Reply> replyTo) {
    return Effect()
        .none()
        .thenRun(
            state ->
                shard.ifPresent(s -> s.tell(new ClusterSharding.Passivate<>(context.getSelf()))))
        .thenReply(replyTo, state -> new Reply(Outcome.NOT_FOUND, null, false, "no such session"));
  }

  private ReplyEffect<Event, State> notFoundBatch(ActorRef<BatchReply> replyTo) {
    return Effect()
        .none()
        .thenRun(
            state ->
                shard.ifPresent(s -> s.tell(new ClusterSharding.Passivate<>(context.getSelf()))))
        .thenReply(
            replyTo,
            state ->
                new BatchReply(
                    new Reply(Outcome.NOT_FOUND, null, false, "no such session"), List.of()));
  }

  private Reply reply(Outcome outcome, State state) {
    return reply(outcome, state, true, "");
  }

  private Reply reply(Outcome outcome, State state, boolean applied, String detail) {
    return new Reply(outcome, view(state), applied, detail, settings.ownerUrl());
  }

  private SessionView view(State state) {
    if (state instanceof Live live) {
      return new SessionView(
          sessionId,
          live.facts(),
          phaseOf(live),
          null,
          latest,
          0,
          leaseExpiresAtMs(),
          live.steering());
    } else if (state instanceof Stopped stopped) {
      return new SessionView(
          sessionId,
          stopped.facts(),
          SessionPhase.STOPPED,
          stopped.reason(),
          stopped.progress(),
          stopped.stoppedAtMs(),
          0,
          stopped.steering());
    }
    return null;
  }

  /** An INFO line with this session's id in the MDC, as the JSON logs' sessionId field. */
  private void log(String format, Object argument) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("sessionId", sessionId)) {
      context.getLog().info(format, argument);
    }
  }

  private static String endedDetail(State state) {
    return state instanceof Stopped stopped
        ? "session has stopped (" + stopped.reason().name().toLowerCase() + ")"
        : "session has stopped";
  }

  // ---------------------------------------------------------------------------------------------
  // Event handler: pure state transitions, no clock, no I/O.

  @Override
  public EventHandler<State, Event> eventHandler() {
    // One handler for every entity, not the builder's per-entity table (see commandHandler).
    return EVENT_HANDLER;
  }

  private static final EventHandler<State, Event> EVENT_HANDLER = PlaybackSession::apply;

  private static State apply(State state, Event event) {
    if (state instanceof Live live) {
      if (event instanceof PositionCheckpointed e) {
        return live.withProgress(e.progress());
      } else if (event instanceof PlaybackStateChanged e) {
        return Live.of(e.phase(), live.facts(), e.progress(), live.steering());
      } else if (event instanceof SteeringDecided e) {
        return live.withSteering(e.decision());
      } else if (event instanceof PlaybackStopped e) {
        return live.stop(e.reason(), e.progress(), e.atMs());
      }
    } else if (state instanceof NotStarted && event instanceof PlaybackStarted e) {
      return new Starting(e.facts(), e.progress());
    }
    throw new IllegalStateException(
        "event "
            + event.getClass().getSimpleName()
            + " in state "
            + state.getClass().getSimpleName());
  }
}
