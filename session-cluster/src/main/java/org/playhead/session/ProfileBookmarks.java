package org.playhead.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A profile's bookmarks: title to position, one sharded, event-sourced entity per profile id. Fed
 * by its sessions' checkpoints and stops; read when a title starts (resume) and for the "continue
 * watching" row.
 *
 * <p>Race rule: per title the entity keeps the report with the latest {@code observedAtMs} (the
 * session's server-side time of the position), so a slow device's older report never overwrites a
 * newer one, whatever order they arrive in. Equal times keep the larger position, then a finished
 * report over an unfinished one, then the larger session and device id: a total order, so two
 * devices racing converge on the same bookmark in either arrival order, and a repeated report is a
 * no-op that persists nothing.
 *
 * <p>Finished titles (a session that ended as {@link StopReason#ENDED}) keep their record as a
 * tombstone: they leave the continue-watching list and resume at 0, and a late, older checkpoint
 * from another device cannot bring them back. A new playback of the title (a newer report) revives
 * the bookmark.
 *
 * <p>Bound: at most {@code max-titles} titles; a new title evicts the least recently observed one.
 * The evicted ids travel in the event, so replay does not depend on the configured bound.
 */
public final class ProfileBookmarks
    extends EventSourcedBehaviorWithEnforcedReplies<
        ProfileBookmarks.Command, ProfileBookmarks.Event, ProfileBookmarks.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "ProfileBookmarks");

  public static void init(ActorSystem<?> system, BookmarkSettings settings, Clock clock) {
    // Bookmarks are read at a start and written at checkpoints: between those a profile's entity
    // has nothing to do, so it leaves memory sooner than sessions and accounts, which players keep
    // busy.
    ClusterShardingSettings sharding =
        ClusterShardingSettings.create(system)
            .withPassivationStrategy(
                ClusterShardingSettings.create(system)
                    .passivationStrategySettings()
                    .withIdleEntityPassivation(settings.passivateAfter()));
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, clock))
                .withSettings(sharding));
  }

  public static Behavior<Command> create(String profileId, BookmarkSettings settings, Clock clock) {
    return Behaviors.withMdc(
        Command.class,
        Map.of("profileId", profileId),
        Behaviors.setup(ctx -> new ProfileBookmarks(profileId, settings, clock, ctx)));
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  public sealed interface Command extends ClusterSerializable {}

  /**
   * A session's position for a title, told without a reply (a session never waits for its profile's
   * bookmarks). A report that loses the race rule, or is invalid, changes nothing.
   *
   * @param observedAtMs when the session saw this position, on the session node's clock
   * @param finished the session ended because the title played to its end
   */
  public record RecordPosition(
      String titleId,
      long positionMs,
      long observedAtMs,
      String sessionId,
      String deviceId,
      boolean finished)
      implements Command {}

  /** The same report, answered once it is persisted (or known to change nothing). */
  public record RecordPositionAndReply(
      RecordPosition position, ActorRef<StatusReply<Recorded>> replyTo) implements Command {}

  /** Where a new playback of the title starts. */
  public record GetResume(String titleId, ActorRef<ResumePosition> replyTo) implements Command {}

  /** Unfinished titles, most recently watched first, at most {@code limit} of them. */
  public record GetContinueWatching(int limit, ActorRef<ContinueWatching> replyTo)
      implements Command {}

  // ---------------------------------------------------------------------------------------------
  // Replies

  /**
   * @param applied false when the report lost the race rule or repeated a stored one
   * @param current the title's bookmark after the report; {@code null} when the title is not kept
   *     (an unknown title too old to enter a full profile)
   */
  public record Recorded(boolean applied, String detail, BookmarkView current)
      implements ClusterSerializable {}

  /**
   * @param positionMs where to resume: 0 for an unknown or finished title
   */
  public record ResumePosition(String titleId, long positionMs) implements ClusterSerializable {}

  public record ContinueWatching(List<BookmarkView> titles) implements ClusterSerializable {}

  /**
   * @param updatedAtMs when the position was observed
   */
  public record BookmarkView(
      String titleId,
      long positionMs,
      String deviceId,
      String sessionId,
      long updatedAtMs,
      boolean finished)
      implements ClusterSerializable {}

  // ---------------------------------------------------------------------------------------------
  // Events: persisted through BookmarkEventSerializer (protobuf), never renumbered.

  public sealed interface Event {
    Bookmark bookmark();

    /** Titles dropped to keep the profile within its bound; usually empty. */
    List<String> evictedTitleIds();
  }

  /** A title's position moved (or the title was watched again after it finished). */
  public record PositionRecorded(Bookmark bookmark, List<String> evictedTitleIds) implements Event {
    public PositionRecorded {
      if (bookmark.finished()) {
        throw new IllegalArgumentException("a finished title is recorded by TitleFinished");
      }
      evictedTitleIds = List.copyOf(evictedTitleIds);
    }
  }

  /** A title played to its end: off the continue-watching list, resumes at 0. */
  public record TitleFinished(Bookmark bookmark, List<String> evictedTitleIds) implements Event {
    public TitleFinished {
      if (!bookmark.finished()) {
        throw new IllegalArgumentException("TitleFinished needs a finished bookmark");
      }
      evictedTitleIds = List.copyOf(evictedTitleIds);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // State

  /**
   * One title's bookmark.
   *
   * @param observedAtMs when the position was observed; orders reports (see the race rule)
   */
  public record Bookmark(
      String titleId,
      long positionMs,
      long observedAtMs,
      String sessionId,
      String deviceId,
      boolean finished) {

    /** The race rule as a total order: the greater bookmark wins. */
    static final Comparator<Bookmark> PRECEDENCE =
        Comparator.comparingLong(Bookmark::observedAtMs)
            .thenComparingLong(Bookmark::positionMs)
            .thenComparing(Bookmark::finished)
            .thenComparing(Bookmark::sessionId)
            .thenComparing(Bookmark::deviceId);

    /** Most recently observed first; the title id makes the order total. */
    static final Comparator<Bookmark> MOST_RECENT_FIRST =
        Comparator.comparingLong(Bookmark::observedAtMs)
            .reversed()
            .thenComparing(Bookmark::titleId);

    public boolean supersedes(Bookmark other) {
      return PRECEDENCE.compare(this, other) > 0;
    }

    /** Where a new playback starts from this bookmark. */
    public long resumePositionMs() {
      return finished ? 0 : positionMs;
    }

    public BookmarkView view() {
      return new BookmarkView(titleId, positionMs, deviceId, sessionId, observedAtMs, finished);
    }
  }

  /**
   * The profile's bookmarks by title id. Immutable: every event builds a new compact map ({@link
   * Map#ofEntries}, no per-entry nodes), O(titles) per write, which at a few hundred titles and a
   * write per checkpoint costs microseconds and keeps the resident entity small.
   */
  public record State(Map<String, Bookmark> titles) {
    public static final State EMPTY = new State(Map.of());

    public State {
      titles = Map.copyOf(titles);
    }

    /** A state of these bookmarks (one per title), as read from a snapshot. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static State of(List<Bookmark> bookmarks) {
      return new State(
          Map.ofEntries(
              bookmarks.stream().map(b -> Map.entry(b.titleId(), b)).toArray(Map.Entry[]::new)));
    }

    /** The title's bookmark, or {@code null}. */
    public Bookmark get(String titleId) {
      return titleId == null ? null : titles.get(titleId);
    }

    public int size() {
      return titles.size();
    }

    public long resumePositionMs(String titleId) {
      Bookmark b = get(titleId);
      return b == null ? 0 : b.resumePositionMs();
    }

    /** Unfinished titles, most recently observed first. */
    public List<Bookmark> continueWatching(int limit) {
      if (limit <= 0) {
        return List.of();
      }
      return titles.values().stream()
          .filter(b -> !b.finished())
          .sorted(Bookmark.MOST_RECENT_FIRST)
          .limit(limit)
          .toList();
    }

    /** Every bookmark, most recently observed first (a stable order for snapshots). */
    public List<Bookmark> inRecencyOrder() {
      return titles.values().stream().sorted(Bookmark.MOST_RECENT_FIRST).toList();
    }

    /**
     * The titles to drop so that {@code titleId} fits within {@code maxTitles}: the least recently
     * observed ones, never {@code titleId} itself.
     */
    public List<String> evictionsFor(String titleId, int maxTitles) {
      int excess = titles.size() + (titles.containsKey(titleId) ? 0 : 1) - maxTitles;
      if (excess <= 0) {
        return List.of();
      }
      return titles.values().stream()
          .filter(b -> !b.titleId().equals(titleId))
          .sorted(Bookmark.MOST_RECENT_FIRST.reversed())
          .limit(excess)
          .map(Bookmark::titleId)
          .toList();
    }

    /** Whether an unknown title observed at this time is recent enough to enter a full profile. */
    public boolean admits(Bookmark candidate, int maxTitles) {
      if (titles.containsKey(candidate.titleId()) || titles.size() < maxTitles) {
        return true;
      }
      long oldest =
          titles.values().stream().mapToLong(Bookmark::observedAtMs).min().orElse(Long.MIN_VALUE);
      return candidate.observedAtMs() >= oldest;
    }

    /** This state with {@code bookmark} stored and {@code evicted} titles removed. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public State with(Bookmark bookmark, List<String> evicted) {
      List<Map.Entry<String, Bookmark>> entries = new ArrayList<>(titles.size() + 1);
      for (Map.Entry<String, Bookmark> e : titles.entrySet()) {
        if (!e.getKey().equals(bookmark.titleId()) && !evicted.contains(e.getKey())) {
          entries.add(e);
        }
      }
      entries.add(Map.entry(bookmark.titleId(), bookmark));
      return new State(Map.ofEntries(entries.toArray(new Map.Entry[0])));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Behavior

  private final BookmarkSettings settings;
  private final Clock clock;
  private final ActorContext<Command> context;

  private ProfileBookmarks(
      String profileId, BookmarkSettings settings, Clock clock, ActorContext<Command> context) {
    super(PersistenceId.of(ENTITY_KEY.name(), profileId), EntitySupervision.RESTART_WITH_BACKOFF);
    this.settings = settings;
    this.clock = clock;
    this.context = context;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(RecordPosition.class, (state, cmd) -> record(state, cmd).thenNoReply())
        .onCommand(RecordPositionAndReply.class, this::recordAndReply)
        .onCommand(
            GetResume.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        new ResumePosition(cmd.titleId(), state.resumePositionMs(cmd.titleId()))))
        .onCommand(
            GetContinueWatching.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        new ContinueWatching(
                            state
                                .continueWatching(Math.min(cmd.limit(), settings.maxTitles()))
                                .stream()
                                .map(Bookmark::view)
                                .toList())))
        .build();
  }

  /** The outcome of a report before any reply: an event to persist, or why there is none. */
  private record Decision(Event event, String rejection, boolean invalid) {}

  private Decision decide(State state, RecordPosition cmd) {
    String invalid = invalid(cmd);
    if (invalid != null) {
      return new Decision(null, invalid, true);
    }
    Bookmark candidate =
        new Bookmark(
            cmd.titleId(),
            cmd.positionMs(),
            cmd.observedAtMs(),
            cmd.sessionId() == null ? "" : cmd.sessionId(),
            cmd.deviceId() == null ? "" : cmd.deviceId(),
            cmd.finished());
    Bookmark stored = state.get(cmd.titleId());
    if (stored != null && !candidate.supersedes(stored)) {
      return new Decision(
          null,
          stored.equals(candidate) ? "already recorded" : "a later observation is recorded",
          false);
    }
    if (!state.admits(candidate, settings.maxTitles())) {
      return new Decision(null, "older than every title kept", false);
    }
    List<String> evicted = state.evictionsFor(cmd.titleId(), settings.maxTitles());
    Event event =
        cmd.finished()
            ? new TitleFinished(candidate, evicted)
            : new PositionRecorded(candidate, evicted);
    return new Decision(event, null, false);
  }

  private String invalid(RecordPosition cmd) {
    if (cmd.titleId() == null || cmd.titleId().isBlank()) {
      return "titleId is required";
    }
    if (cmd.positionMs() < 0) {
      return "positionMs must not be negative";
    }
    if (cmd.observedAtMs() <= 0) {
      return "observedAtMs is required";
    }
    if (cmd.observedAtMs() > clock.millis() + settings.maxClockSkew().toMillis()) {
      return "observedAtMs is in the future";
    }
    return null;
  }

  private EffectBuilder<Event, State> record(State state, RecordPosition cmd) {
    Decision decision = decide(state, cmd);
    if (decision.event() == null) {
      context
          .getLog()
          .debug("Position for title {} not recorded: {}", cmd.titleId(), decision.rejection());
      return Effect().none();
    }
    return Effect().persist(decision.event());
  }

  private ReplyEffect<Event, State> recordAndReply(State state, RecordPositionAndReply cmd) {
    RecordPosition position = cmd.position();
    Decision decision = decide(state, position);
    if (decision.event() == null) {
      if (decision.invalid()) {
        return Effect().reply(cmd.replyTo(), StatusReply.error(decision.rejection()));
      }
      context
          .getLog()
          .debug(
              "Position for title {} not recorded: {}", position.titleId(), decision.rejection());
      Bookmark stored = state.get(position.titleId());
      return Effect()
          .reply(
              cmd.replyTo(),
              StatusReply.success(
                  new Recorded(
                      false, decision.rejection(), stored == null ? null : stored.view())));
    }
    return Effect()
        .persist(decision.event())
        .thenReply(
            cmd.replyTo(),
            s -> StatusReply.success(new Recorded(true, "", s.get(position.titleId()).view())));
  }

  // ---------------------------------------------------------------------------------------------
  // Event handler: pure state transitions, no clock, no I/O.

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent((state, e) -> state.with(e.bookmark(), e.evictedTitleIds()));
  }
}
