package org.playhead.chaos.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.playhead.chaos.load.SessionOwner;

/**
 * Everything a verification compares: the players' record and what the cluster shows from outside.
 * Plain data, so each rule can be tested on hand-made evidence.
 *
 * @param histories each session's operations, from the ledger
 * @param owners who started each session (account, profile, device)
 * @param observations each acknowledged session as the care API shows it
 * @param accountViews each account as the care API shows it now
 * @param accountJournals each account's admissions and ends of its streams, in journal order, read
 *     from the care timelines of the drill's sessions
 * @param journals each persistence id's event rows (sessions, accounts, bookmarks)
 * @param killedNodeProbes each session of the killed nodes, and whether it answered again
 * @param checkpointInterval how stale a persisted position may be ({@code
 *     playhead.session.checkpoint-interval} of the nodes)
 * @param leaseTtl silence after which a session expires
 * @param problems what could not be read (each names its sessions); a verification with problems
 *     does not pass
 */
public record DrillEvidence(
    Map<String, SessionHistory> histories,
    Map<String, SessionOwner> owners,
    Map<String, SessionObservation> observations,
    Map<String, AccountObservation> accountViews,
    Map<String, List<AccountEntry>> accountJournals,
    Map<String, List<JournalRow>> journals,
    Map<String, KilledNodeProbe> killedNodeProbes,
    Set<String> sessionsOfKilledNodes,
    Duration checkpointInterval,
    Duration leaseTtl,
    List<Problem> problems) {

  /** Something the verifier could not read. */
  public record Problem(List<String> sessionIds, String detail) {}

  public DrillEvidence {
    histories = Map.copyOf(histories);
    owners = Map.copyOf(owners);
    observations = Map.copyOf(observations);
    accountViews = Map.copyOf(accountViews);
    accountJournals = Map.copyOf(accountJournals);
    journals = Map.copyOf(journals);
    killedNodeProbes = Map.copyOf(killedNodeProbes);
    sessionsOfKilledNodes = Set.copyOf(sessionsOfKilledNodes);
    problems = List.copyOf(problems);
  }

  /** The drill's sessions that belong to an account. */
  public List<String> sessionsOfAccount(String accountId) {
    List<String> ids = new ArrayList<>();
    histories.forEach(
        (id, history) -> {
          if (accountId.equals(history.accountId())) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** The drill's sessions that belong to a profile of an account. */
  public List<String> sessionsOfProfile(String accountId, String profileId) {
    List<String> ids = new ArrayList<>();
    owners.forEach(
        (id, owner) -> {
          if (owner.accountId().equals(accountId) && owner.profileId().equals(profileId)) {
            ids.add(id);
          }
        });
    return ids;
  }
}
