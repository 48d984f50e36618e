package org.playhead.chaos.load;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One simulated player app: a viewer on one device of one account, playing one session after
 * another. It starts a session, reports a heartbeat every interval with its playhead advancing with
 * time, pauses, resumes and stops when the churn tells it to, and starts again a moment later. A
 * start the plan refuses is retried later; a node that does not answer is left for the next one,
 * with backoff, as a load balancer would.
 *
 * <p>Every method runs on the simulation's loop thread (timers and answers alike), so the fields
 * need no locks: a player has at most one call in flight.
 */
final class Player {
  private enum Phase {
    IDLE,
    STARTING,
    LIVE,
    STOPPING,
    SETTLED
  }

  private static final String[] PATHWAYS = {"cdn-a", "cdn-b", "cdn-c"};
  private static final long[] BITRATES = {1_800, 3_000, 4_500, 7_800};

  private final Simulation sim;
  private final SessionOwner owner;
  private final int slot;
  private final String deviceType;
  private final PlayerApi api;
  private final PlayerApi.Reporter reporter;
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  private int node;
  private String authorization;
  private long tokenRenewAtNanos;

  private Phase phase = Phase.IDLE;
  private String sessionId;
  private String titleId;
  private long sequenceNumber;
  private boolean playing;
  private long positionBaseMs;
  private long playingSinceNanos;
  private boolean reportedPlay;
  private String pathway;

  /** A play-state change or stop the churn asked for, done at the next opportunity. */
  private OperationKind intent;

  private boolean stopAsEnded;
  private boolean busy;
  private int failures;
  private ScheduledFuture<?> timer;

  /** The simulator is stopping: stop the session (clean) and start no other. */
  private boolean finishing;

  /** The simulator is stopping without stopping sessions: finish the call in flight, then rest. */
  private boolean halting;

  private long finishDeadlineNanos;

  /** Paces the first starts of all players; this player holds a place until its first answer. */
  private RampGate gate;

  /**
   * @param slot the player's number, which spreads players over a node's shared connections
   */
  Player(
      Simulation sim,
      int slot,
      SessionOwner owner,
      String deviceType,
      PlayerApi api,
      int firstNode) {
    this.sim = sim;
    this.slot = slot;
    this.owner = owner;
    this.deviceType = deviceType;
    this.api = api;
    this.node = firstNode;
    this.reporter = api.reporter(this::pushedStop);
  }

  SessionOwner owner() {
    return owner;
  }

  String transport() {
    return api.transport();
  }

  CompletableFuture<Void> settled() {
    return settled;
  }

  boolean isLive() {
    return phase == Phase.LIVE;
  }

  // --- lifecycle ---------------------------------------------------------------------------------

  /** The player's first start, after {@code delay} and when the ramp lets it through. */
  void begin(Duration delay, RampGate rampGate) {
    schedule(
        () ->
            rampGate.enter(
                () -> {
                  gate = rampGate;
                  start();
                }),
        delay);
  }

  /** The first start has its answer (or will not be sent): the ramp's place is free. */
  private void leaveRamp() {
    if (gate != null) {
      RampGate held = gate;
      gate = null;
      held.leave();
    }
  }

  /**
   * The churn's pause, resume or stop for this player, if it is playing and not already changing.
   */
  boolean churn(ThreadLocalRandom random) {
    if (phase != Phase.LIVE || intent != null || finishing || halting) {
      return false;
    }
    if (playing) {
      intent = random.nextBoolean() ? OperationKind.PAUSE : OperationKind.STOP;
    } else {
      intent = random.nextInt(5) == 0 ? OperationKind.STOP : OperationKind.RESUME;
    }
    stopAsEnded = random.nextInt(10) < 3;
    if (!busy) {
      schedule(this::tick, Duration.ZERO);
    }
    return true;
  }

  /** Stops the session cleanly (retrying until {@code deadlineNanos}) and starts no other. */
  void finish(long deadlineNanos) {
    finishing = true;
    finishDeadlineNanos = deadlineNanos;
    if (busy) {
      return; // the answer's handler goes on from here
    }
    cancelTimer();
    if (phase == Phase.LIVE) {
      stop();
    } else {
      settle();
    }
  }

  /** Leaves the session as it is: the call in flight completes, nothing else is sent. */
  void halt() {
    halting = true;
    if (!busy) {
      settle();
    }
  }

  private void settle() {
    cancelTimer();
    reporter.close();
    phase = Phase.SETTLED;
    settled.complete(null);
  }

  private boolean winding() {
    return finishing || halting;
  }

  // --- start -------------------------------------------------------------------------------------

  private void start() {
    if (winding()) {
      leaveRamp();
      settle();
      return;
    }
    if (sessionId == null) {
      // A new session; a retried start keeps its id, so the retry is idempotent.
      sessionId = UUID.randomUUID().toString();
      titleId = "title-" + ThreadLocalRandom.current().nextInt(sim.tuning().titles());
      sim.ledger().noteOwner(sessionId, owner);
    }
    phase = Phase.STARTING;
    send(OperationKind.START, 0, api.start(target(), sessionId, titleId), this::started);
  }

  private void started(CallResult result) {
    leaveRamp();
    switch (result.kind()) {
      case OK -> {
        failures = 0;
        follow(result.ownerUrl());
        sim.ledger().noteLeaseTtl(result.leaseTtl());
        phase = Phase.LIVE;
        sequenceNumber = 0;
        reportedPlay = false;
        positionBaseMs = Math.max(0, result.positionMs());
        playing = true; // autoplay: the first report says so
        playingSinceNanos = System.nanoTime();
        pathway = PATHWAYS[ThreadLocalRandom.current().nextInt(PATHWAYS.length)];
        intent = OperationKind.RESUME;
        if (halting) {
          settle();
        } else if (finishing) {
          stop();
        } else {
          tick();
        }
      }
      case REFUSED -> {
        forgetSession();
        Duration wait = jittered(sim.tuning().retryAfterRefusal());
        if (result.retryAfter() != null && result.retryAfter().compareTo(wait) > 0) {
          wait = result.retryAfter();
        }
        next(this::start, wait);
      }
      case UNAVAILABLE -> {
        failover();
        next(this::start, backoff());
      }
      case ENDED, REJECTED -> {
        forgetSession();
        next(this::start, jittered(sim.tuning().retryAfterRefusal()));
      }
    }
  }

  // --- heartbeats --------------------------------------------------------------------------------

  private void tick() {
    if (phase != Phase.LIVE || busy) {
      return;
    }
    if (finishing || intent == OperationKind.STOP) {
      stop();
      return;
    }
    if (halting) {
      settle();
      return;
    }
    OperationKind kind = intent != null ? intent : OperationKind.HEARTBEAT;
    if (kind == OperationKind.PAUSE && playing) {
      positionBaseMs = position();
      playing = false;
    } else if (kind == OperationKind.RESUME && !playing) {
      playingSinceNanos = System.nanoTime();
      playing = true;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long position = position();
    Report report =
        new Report(
            sessionId,
            titleId,
            ++sequenceNumber,
            playing,
            kind != OperationKind.HEARTBEAT,
            !reportedPlay,
            position,
            playing ? 8_000 + random.nextInt(22_000) : 30_000,
            BITRATES[random.nextInt(BITRATES.length)],
            10_000 + random.nextInt(40_000),
            pathway,
            sim.clock().millis());
    send(kind, position, reporter.report(target(), report), result -> reported(kind, result));
  }

  private void reported(OperationKind kind, CallResult result) {
    switch (result.kind()) {
      case OK -> {
        failures = 0;
        follow(result.ownerUrl());
        if (kind == OperationKind.RESUME) {
          reportedPlay = true;
        }
        if (intent == kind) {
          intent = null;
        }
        if (winding()) {
          tick(); // stops or settles
        } else {
          next(this::tick, intent != null ? Duration.ZERO : sim.heartbeatInterval());
        }
      }
      case ENDED -> sessionGone();
      case UNAVAILABLE, REFUSED -> {
        failover();
        if (winding()) {
          tick();
        } else {
          Duration wait = backoff();
          next(
              this::tick,
              wait.compareTo(sim.heartbeatInterval()) < 0 ? wait : sim.heartbeatInterval());
        }
      }
      case REJECTED -> {
        if (result.detail().startsWith("404") || result.detail().startsWith("NOT_FOUND")) {
          sessionGone(); // the server does not know the session: start another
        } else if (winding()) {
          tick();
        } else {
          next(this::tick, sim.heartbeatInterval());
        }
      }
    }
  }

  /** A stream told the player, unasked, that the server ended its session. */
  private void pushedStop(String stoppedSessionId, String reason) {
    try {
      sim.loop().execute(() -> onPushedStop(stoppedSessionId, reason));
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // The simulator has stopped: nobody is listening any more.
    }
  }

  private void onPushedStop(String stoppedSessionId, String reason) {
    if (phase != Phase.LIVE || busy || !stoppedSessionId.equals(sessionId)) {
      return;
    }
    sim.record(
        new Operation(
            sim.clock().instant(),
            Duration.ZERO,
            sessionId,
            owner.accountId(),
            sim.nodes().get(node).name(),
            api.transport(),
            OperationKind.HEARTBEAT,
            false,
            position(),
            Operation.ENDED_PREFIX + reason + " (pushed on the stream)"));
    cancelTimer();
    sessionGone();
  }

  /** The session ended without the player's stop: on to the next one. */
  private void sessionGone() {
    forgetSession();
    if (winding()) {
      settle();
    } else {
      next(this::start, jittered(sim.tuning().thinkAfterStop()));
    }
  }

  // --- stop --------------------------------------------------------------------------------------

  private void stop() {
    phase = Phase.STOPPING;
    intent = OperationKind.STOP;
    if (playing) {
      positionBaseMs = position();
      playing = false;
    }
    // Closing the stream first: the stop must not come back to the player as a pushed stop.
    reporter.close();
    long position = positionBaseMs;
    send(
        OperationKind.STOP,
        position,
        api.stop(target(), sessionId, stopAsEnded, position),
        this::stopped);
  }

  private void stopped(CallResult result) {
    switch (result.kind()) {
      case OK, ENDED, REJECTED -> {
        forgetSession();
        if (winding()) {
          settle();
        } else {
          next(this::start, jittered(sim.tuning().thinkAfterStop()));
        }
      }
      case UNAVAILABLE, REFUSED -> {
        failover();
        if (halting || (finishing && System.nanoTime() > finishDeadlineNanos)) {
          settle(); // gave up: the session will expire on its own
        } else {
          next(this::stop, backoff());
        }
      }
    }
  }

  // --- plumbing ----------------------------------------------------------------------------------

  /** Sends one call and handles its answer on the loop, after recording it. */
  private void send(
      OperationKind kind,
      long positionMs,
      CompletionStage<CallResult> call,
      Consumer<CallResult> then) {
    busy = true;
    Instant at = sim.clock().instant();
    long sentNanos = System.nanoTime();
    String nodeName = sim.nodes().get(node).name();
    String session = sessionId;
    call.whenCompleteAsync(
        (result, failure) -> {
          CallResult r = failure != null ? CallResult.unavailable("no answer: " + failure) : result;
          busy = false;
          Duration latency = Duration.ofNanos(System.nanoTime() - sentNanos);
          long reported = kind == OperationKind.START && r.isOk() ? r.positionMs() : positionMs;
          sim.record(
              new Operation(
                  at,
                  latency,
                  session,
                  owner.accountId(),
                  nodeName,
                  api.transport(),
                  kind,
                  r.isOk(),
                  reported,
                  r.isOk() ? null : r.detail()));
          if (phase == Phase.SETTLED) {
            return;
          }
          if (halting && kind != OperationKind.START) {
            settle();
            return;
          }
          then.accept(r);
        },
        sim.loop());
  }

  private Target target() {
    long now = System.nanoTime();
    if (authorization == null || now >= tokenRenewAtNanos) {
      Duration ttl = sim.tuning().tokenTtl();
      authorization = sim.tokens().player(owner, ttl);
      // Renew well before expiry: a heartbeat stream also ends when its token does.
      tokenRenewAtNanos = now + ttl.toNanos() / 2;
    }
    return new Target(node, slot, sim.nodes().get(node), authorization, owner, deviceType);
  }

  private long position() {
    return playing
        ? positionBaseMs + (System.nanoTime() - playingSinceNanos) / 1_000_000
        : positionBaseMs;
  }

  private void forgetSession() {
    sessionId = null;
    titleId = null;
    phase = Phase.IDLE;
    intent = null;
    playing = false;
    reporter.close();
  }

  /**
   * Sends the session's next calls to the node its answer named as the owner, as a load balancer
   * that follows the owner hint does: a call answered where the session lives crosses no node.
   */
  private void follow(String ownerUrl) {
    int owner = ownerUrl.isEmpty() ? -1 : sim.nodeAt(ownerUrl);
    if (owner >= 0) {
      node = owner;
    }
  }

  /** Leaves this node for the next one, as a load balancer does with a backend that fails. */
  private void failover() {
    failures++;
    node = (node + 1) % sim.nodes().size();
  }

  private Duration backoff() {
    long min = sim.tuning().minBackoff().toMillis();
    long max = sim.tuning().maxBackoff().toMillis();
    long exp = min << Math.min(20, Math.max(0, failures - 1));
    long capped = Math.min(max, exp);
    // Full jitter in the upper half: players that failed together do not retry together.
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  private static Duration jittered(Duration base) {
    long ms = base.toMillis();
    return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms + 1));
  }

  private void next(Runnable step, Duration delay) {
    schedule(step, delay);
  }

  private void schedule(Runnable step, Duration delay) {
    cancelTimer();
    timer = sim.loop().schedule(step, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
