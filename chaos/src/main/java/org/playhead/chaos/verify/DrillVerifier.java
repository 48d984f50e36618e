package org.playhead.chaos.verify;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.playhead.chaos.cluster.NodeBuild;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationLedger;
import org.playhead.chaos.load.PlayerTokens;
import org.playhead.chaos.load.SessionOwner;
import org.playhead.devkit.TokenKeys;

/**
 * Checks a drill from outside: what the players were told ({@link OperationLedger}) against what
 * the cluster shows through the care and player APIs (views, and the care timelines for what the
 * accounts' journals say about each stream), and against the journal table itself (writer ids and
 * sequence numbers, never the node's private event format). The rules are in {@link Rules}; each
 * violation names its sessions.
 */
public final class DrillVerifier {
  /** Lease of the nodes' default configuration, when no start answer announced one. */
  private static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(90);

  private static final int TIMELINES_IN_DETAILS = 5;

  /** The node's entity type names, as its persistence ids start: {@code <type>|<entity id>}. */
  private static final String SESSION_PREFIX = "PlaybackSession|";

  private static final String ACCOUNT_PREFIX = "Account|";
  private static final String BOOKMARKS_PREFIX = "ProfileBookmarks|";

  private final List<NodeEndpoint> nodes;
  private final Path devKeysFile;
  private final String cassandraHost;
  private final int cassandraPort;
  private final Duration checkpointInterval;
  private final Duration requestTimeout;
  private final Duration answerDeadline;

  public DrillVerifier(
      List<NodeEndpoint> nodes,
      Path devKeysFile,
      String cassandraHost,
      int cassandraPort,
      Duration checkpointInterval) {
    this(
        nodes,
        devKeysFile,
        cassandraHost,
        cassandraPort,
        checkpointInterval,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  /**
   * @param requestTimeout how long one read of a session may take
   * @param answerDeadline how long a session of a killed node has to answer again
   */
  public DrillVerifier(
      List<NodeEndpoint> nodes,
      Path devKeysFile,
      String cassandraHost,
      int cassandraPort,
      Duration checkpointInterval,
      Duration requestTimeout,
      Duration answerDeadline) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no nodes to ask");
    }
    this.nodes = List.copyOf(nodes);
    this.devKeysFile = devKeysFile;
    this.cassandraHost = cassandraHost;
    this.cassandraPort = cassandraPort;
    this.checkpointInterval = checkpointInterval;
    this.requestTimeout = requestTimeout;
    this.answerDeadline = answerDeadline;
  }

  /**
   * Checks, from outside through the public and care APIs (and the journal for writer ids): every
   * acknowledged start and stop reflected; no session lost; no position regressed by more than the
   * checkpoint interval; no account over its plan at any moment (replay its journal); no
   * persistence id with two writers; every session of the given killed node answers again.
   */
  public VerificationResult verify(OperationLedger ledger, Set<String> sessionsOfKilledNodes) {
    DrillEvidence evidence = collect(ledger, sessionsOfKilledNodes);
    List<Violation> violations = check(evidence);
    violations = withTimelines(violations);
    Map<String, Long> counts = counts(ledger, evidence, violations);
    return new VerificationResult(violations, counts);
  }

  /** Runs every rule on collected evidence. */
  public static List<Violation> check(DrillEvidence evidence) {
    List<Violation> violations = new ArrayList<>();
    for (VerificationRule rule : Rules.all()) {
      violations.addAll(rule.check(evidence));
    }
    return violations;
  }

  // --- collecting ------------------------------------------------------------------------------

  private DrillEvidence collect(OperationLedger ledger, Set<String> sessionsOfKilledNodes) {
    Map<String, SessionHistory> histories = SessionHistory.of(ledger);
    Map<String, SessionOwner> owners = ledger.owners();
    List<DrillEvidence.Problem> problems = new ArrayList<>();
    Config config = NodeBuild.config();
    PlayerTokens tokens = new PlayerTokens(devKeysFile);

    Map<String, SessionObservation> observations = new ConcurrentHashMap<>();
    Map<String, AccountObservation> accountViews = new ConcurrentHashMap<>();
    Map<String, KilledNodeProbe> probes = new ConcurrentHashMap<>();
    Map<String, List<AccountEntry>> accountJournals = new ConcurrentHashMap<>();
    Map<String, List<JournalRow>> journals = new ConcurrentHashMap<>();
    Map<String, String> unreadable = new ConcurrentHashMap<>();
    Set<String> unreadAccounts = ConcurrentHashMap.newKeySet();

    try (CareReader care = new CareReader(nodes, tokens, requestTimeout);
        JournalReader journal =
            new JournalReader(
                cassandraHost,
                cassandraPort,
                config.getString("playhead.cassandra.local-datacenter"),
                config.getString("playhead.cassandra.keyspace"),
                config.getLong("pekko.persistence.cassandra.journal.target-partition-size"))) {
      List<CompletableFuture<?>> reads = new ArrayList<>();
      int i = 0;
      // Every read, not only the killed node's probes, may wait this long for a recovering entity.
      long readDeadline = System.nanoTime() + answerDeadline.toNanos();
      for (SessionHistory history : histories.values()) {
        if (history.startAcknowledged()) {
          String id = history.sessionId();
          reads.add(
              care.session(id, i++ % nodes.size(), readDeadline)
                  .thenAccept(o -> observations.put(id, o)));
        }
      }
      Set<String> accountIds = new LinkedHashSet<>();
      histories.values().forEach(h -> accountIds.add(h.accountId()));
      for (String accountId : accountIds) {
        reads.add(
            care.account(accountId, i++ % nodes.size(), readDeadline)
                .handle(
                    (view, failure) -> {
                      if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        unreadable.put("account view " + accountId, cause.getMessage());
                      } else {
                        accountViews.put(accountId, view);
                      }
                      return null;
                    }));
      }
      for (String id : sessionsOfKilledNodes) {
        reads.add(
            care.probe(id, owners.get(id), i++ % nodes.size(), readDeadline)
                .thenAccept(p -> probes.put(id, p)));
      }
      for (String persistenceId : persistenceIds(histories, owners)) {
        reads.add(
            journal
                .read(persistenceId)
                .handle(
                    (rows, failure) -> {
                      if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        unreadable.put(persistenceId, cause.toString());
                        return null;
                      }
                      journals.put(persistenceId, rows);
                      if (persistenceId.startsWith(ACCOUNT_PREFIX)) {
                        accountJournals.putIfAbsent(
                            persistenceId.substring(ACCOUNT_PREFIX.length()),
                            new CopyOnWriteArrayList<>());
                      }
                      return null;
                    }));
      }
      // What each account's journal says about the drill's streams: the accounts are fresh per
      // drill, so their streams are the drill's sessions, and each session's care timeline holds
      // its account's events about it.
      for (SessionHistory history : histories.values()) {
        if (history.accountId() == null || !sessionTouched(history)) {
          continue;
        }
        String id = history.sessionId();
        String accountId = history.accountId();
        reads.add(
            care.accountEntries(id, i++ % nodes.size(), readDeadline)
                .handle(
                    (entries, failure) -> {
                      if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        unreadable.put(ACCOUNT_PREFIX + accountId, cause.getMessage());
                        unreadAccounts.add(accountId);
                        return null;
                      }
                      accountJournals
                          .computeIfAbsent(accountId, a -> new CopyOnWriteArrayList<>())
                          .addAll(entries);
                      return null;
                    }));
      }
      Duration wait = answerDeadline.plus(requestTimeout.multipliedBy(4)).plusMinutes(2);
      try {
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
            .get(wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        problems.add(
            new DrillEvidence.Problem(List.of(), "reading the evidence took over " + wait));
      } catch (ExecutionException e) {
        problems.add(
            new DrillEvidence.Problem(List.of(), "reading the evidence failed: " + e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while verifying", e);
      }
    }
    unreadable.forEach(
        (what, error) ->
            problems.add(
                what.startsWith("account view ")
                    ? new DrillEvidence.Problem(
                        sessionsOf(
                            "Account|" + what.substring("account view ".length()), histories),
                        "the care view of account "
                            + what.substring("account view ".length())
                            + " could not be read: "
                            + error)
                    : new DrillEvidence.Problem(
                        sessionsOf(what, histories),
                        "journal of " + what + " could not be read: " + error)));
    for (SessionHistory history : histories.values()) {
      if (history.startAcknowledged() && !observations.containsKey(history.sessionId())) {
        problems.add(
            new DrillEvidence.Problem(List.of(history.sessionId()), "the session was never read"));
      }
    }

    Map<String, List<AccountEntry>> inJournalOrder = new LinkedHashMap<>();
    // An account with a stream whose timeline could not be read is not judged on the rest: what it
    // is missing could be any admission or end (EvidenceComplete names its sessions).
    unreadAccounts.forEach(accountJournals::remove);
    accountJournals.forEach(
        (account, entries) ->
            inJournalOrder.put(
                account,
                entries.stream()
                    .sorted(java.util.Comparator.comparingLong(AccountEntry::sequenceNr))
                    .toList()));
    return new DrillEvidence(
        histories,
        owners,
        observations,
        accountViews,
        inJournalOrder,
        journals,
        probes,
        sessionsOfKilledNodes,
        checkpointInterval,
        ledger.leaseTtl().orElseGet(() -> leaseFrom(observations)),
        problems);
  }

  /** Whether the cluster may have heard of the session: some operation was not refused. */
  private static boolean sessionTouched(SessionHistory history) {
    return history.operations().stream().anyMatch(op -> op.outcome() != Operation.Outcome.REFUSED);
  }

  /**
   * The journals a drill touched: its sessions', their accounts' and their profiles' bookmarks (the
   * node's bookmark entity of a profile is {@code <account>/<profile>}).
   */
  private static Set<String> persistenceIds(
      Map<String, SessionHistory> histories, Map<String, SessionOwner> owners) {
    Set<String> ids = new LinkedHashSet<>();
    for (SessionHistory history : histories.values()) {
      if (sessionTouched(history)) {
        ids.add(SESSION_PREFIX + history.sessionId());
      }
    }
    for (SessionHistory history : histories.values()) {
      if (history.accountId() != null) {
        ids.add(ACCOUNT_PREFIX + history.accountId());
      }
    }
    for (Map.Entry<String, SessionOwner> owner : owners.entrySet()) {
      if (histories.containsKey(owner.getKey())) {
        ids.add(
            BOOKMARKS_PREFIX + owner.getValue().accountId() + "/" + owner.getValue().profileId());
      }
    }
    return ids;
  }

  private static List<String> sessionsOf(
      String persistenceId, Map<String, SessionHistory> histories) {
    String id = persistenceId.substring(persistenceId.indexOf('|') + 1);
    if (persistenceId.startsWith(SESSION_PREFIX)) {
      return List.of(id);
    }
    List<String> sessions = new ArrayList<>();
    histories.forEach(
        (sessionId, history) -> {
          if (id.equals(history.accountId()) || id.startsWith(history.accountId() + "/")) {
            sessions.add(sessionId);
          }
        });
    return sessions;
  }

  /** A live session's lease is its last heartbeat plus the TTL. */
  private static Duration leaseFrom(Map<String, SessionObservation> observations) {
    for (SessionObservation seen : observations.values()) {
      if (seen.found() && !seen.stopped() && seen.leaseExpiresAtMs() > seen.lastHeartbeatAtMs()) {
        return Duration.ofMillis(seen.leaseExpiresAtMs() - seen.lastHeartbeatAtMs());
      }
    }
    return DEFAULT_LEASE_TTL;
  }

  // --- reporting -------------------------------------------------------------------------------

  /** Adds the care timeline of a few lost sessions: who or what ended them. */
  private List<Violation> withTimelines(List<Violation> violations) {
    if (violations.stream().noneMatch(v -> v.rule().equals(Rules.NO_SESSION_LOST))) {
      return violations;
    }
    List<Violation> detailed = new ArrayList<>();
    try (CareReader care = new CareReader(nodes, new PlayerTokens(devKeysFile), requestTimeout)) {
      for (Violation v : violations) {
        if (!v.rule().equals(Rules.NO_SESSION_LOST) || v.sessionIds().isEmpty()) {
          detailed.add(v);
          continue;
        }
        StringBuilder detail = new StringBuilder(v.detail());
        for (String id :
            v.sessionIds().subList(0, Math.min(TIMELINES_IN_DETAILS, v.sessionIds().size()))) {
          try {
            detail
                .append(" [")
                .append(id)
                .append(' ')
                .append(
                    care.timelineTail(id, 3)
                        .get(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS))
                .append(']');
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          } catch (ExecutionException | TimeoutException e) {
            detail.append(" [").append(id).append(" timeline unavailable]");
          }
        }
        detailed.add(new Violation(v.rule(), v.sessionIds(), detail.toString()));
      }
    }
    return detailed;
  }

  private static Map<String, Long> counts(
      OperationLedger ledger, DrillEvidence evidence, List<Violation> violations) {
    Map<String, Long> counts = new TreeMap<>();
    List<Operation> operations = ledger.operations();
    counts.put("operations", (long) operations.size());
    for (Operation.Outcome outcome : Operation.Outcome.values()) {
      counts.put(
          "operations." + outcome.name().toLowerCase(),
          operations.stream().filter(op -> op.outcome() == outcome).count());
    }
    counts.put("sessions", (long) evidence.histories().size());
    counts.put(
        "sessions.startAcknowledged",
        evidence.histories().values().stream().filter(SessionHistory::startAcknowledged).count());
    counts.put(
        "sessions.stopAcknowledged",
        evidence.histories().values().stream()
            .filter(h -> h.acknowledgedStop().isPresent())
            .count());
    Map<String, Long> byState = new LinkedHashMap<>();
    for (SessionObservation seen : evidence.observations().values()) {
      String key =
          switch (seen.status()) {
            case FOUND -> seen.stopped() ? "stopped" : "live";
            case NOT_FOUND -> "notFound";
            case UNREACHABLE -> "unreachable";
          };
      byState.merge("sessions.observed." + key, 1L, Long::sum);
    }
    counts.putAll(byState);
    counts.put("accounts.replayed", (long) evidence.accountJournals().size());
    counts.put("accounts.viewed", (long) evidence.accountViews().size());
    counts.put("journal.persistenceIds", (long) evidence.journals().size());
    counts.put("journal.rows", evidence.journals().values().stream().mapToLong(List::size).sum());
    counts.put("killedNodeSessions", (long) evidence.sessionsOfKilledNodes().size());
    counts.put(
        "killedNodeSessions.answered",
        evidence.killedNodeProbes().values().stream().filter(KilledNodeProbe::answered).count());
    counts.put("violations", (long) violations.size());
    return counts;
  }

  /** The dev keys file a node uses by default, relative to the repository. */
  public static Path defaultDevKeysFile() {
    return TokenKeys.DEFAULT_FILE;
  }
}
