package org.playhead.chaos.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;
import org.playhead.chaos.load.OperationLedger;
import org.playhead.chaos.load.SessionOwner;

/**
 * Hand-made drill evidence for rule tests: a ledger built operation by operation, and what the
 * cluster "showed". Times are seconds after {@link #T0}.
 */
final class Drill {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String ACCOUNT = "acc-1";

  final OperationLedger ledger = new OperationLedger();
  final Map<String, SessionObservation> observations = new HashMap<>();
  final Map<String, AccountObservation> accountViews = new HashMap<>();
  final Map<String, List<AccountEntry>> accountJournals = new HashMap<>();
  final Map<String, List<JournalRow>> journals = new HashMap<>();
  final Map<String, KilledNodeProbe> probes = new HashMap<>();
  final Set<String> killed = new HashSet<>();
  final List<DrillEvidence.Problem> problems = new ArrayList<>();
  Duration checkpointInterval = Duration.ofSeconds(30);
  Duration leaseTtl = Duration.ofSeconds(90);

  static long ms(double seconds) {
    return T0.toEpochMilli() + (long) (seconds * 1000);
  }

  Drill op(String session, double atSeconds, OperationKind kind, boolean ack, long positionMs) {
    return op(session, atSeconds, kind, ack, positionMs, ack ? null : "503 unavailable");
  }

  Drill op(
      String session,
      double atSeconds,
      OperationKind kind,
      boolean ack,
      long positionMs,
      String error) {
    ledger.noteOwner(session, new SessionOwner(ACCOUNT, "profile-" + session, "device-" + session));
    ledger.record(
        new Operation(
            T0.plusMillis((long) (atSeconds * 1000)),
            Duration.ofMillis(20),
            session,
            ACCOUNT,
            "node-1",
            "http",
            kind,
            ack,
            positionMs,
            ack ? null : error));
    return this;
  }

  /** A session started at {@code at} and reported every two seconds until {@code until}. */
  Drill played(String session, double at, double until) {
    op(session, at, OperationKind.START, true, 0);
    op(session, at + 0.1, OperationKind.RESUME, true, 0);
    for (double t = at + 2; t <= until; t += 2) {
      op(session, t, OperationKind.HEARTBEAT, true, (long) ((t - at) * 1000));
    }
    return this;
  }

  Drill seen(SessionObservation observation) {
    observations.put(observation.sessionId(), observation);
    return this;
  }

  Drill seenLive(String session, String state, long positionMs) {
    return seen(SessionObservation.live(session, ACCOUNT, state, positionMs, ms(0)));
  }

  Drill seenStopped(String session, String reason, long positionMs, double stoppedAtSeconds) {
    return seen(
        SessionObservation.stopped(
            session, ACCOUNT, reason, positionMs, ms(0), ms(stoppedAtSeconds)));
  }

  /** An account's journal entries, numbered in the order given, on a plan of two streams. */
  Drill accountJournal(String accountId, AccountEntry... entries) {
    return accountJournal(accountId, "standard", 2, entries);
  }

  Drill accountJournal(String accountId, String plan, int maxStreams, AccountEntry... entries) {
    List<AccountEntry> numbered = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      AccountEntry e = entries[i];
      numbered.add(new AccountEntry(i + 1, e.atMs(), e.kind(), e.sessionId()));
    }
    accountJournals.put(accountId, numbered);
    accountViews.putIfAbsent(
        accountId, new AccountObservation(accountId, plan, maxStreams, List.of()));
    return this;
  }

  DrillEvidence evidence() {
    return new DrillEvidence(
        SessionHistory.of(ledger),
        ledger.owners(),
        observations,
        accountViews,
        accountJournals,
        journals,
        probes,
        killed,
        checkpointInterval,
        leaseTtl,
        problems);
  }

  static AccountEntry admitted(String session, long atMs) {
    return new AccountEntry(0, atMs, AccountEntry.Kind.ADMITTED, session);
  }

  static AccountEntry ended(String session, long atMs) {
    return new AccountEntry(0, atMs, AccountEntry.Kind.ENDED, session);
  }
}
