package org.playhead.chaos.verify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * No persistence id had two writers at once. Every incarnation of an entity writes with a writer id
 * of its own, so the legitimate history of an entity that moved (after a kill, a rebalance, a
 * passivation) is a series of writers each in one unbroken run of sequence numbers: the old
 * writer's events, then the new one's, never back. Two live incarnations show as:
 *
 * <ul>
 *   <li>a sequence number written twice (both recovered to the same point and wrote on), or
 *   <li>writers alternating: a writer that comes back after another wrote (the old incarnation kept
 *       writing after the new one took over).
 * </ul>
 */
final class SingleWriter implements VerificationRule {
  @Override
  public String name() {
    return Rules.SINGLE_WRITER;
  }

  @Override
  public List<Violation> check(DrillEvidence evidence) {
    List<Violation> violations = new ArrayList<>();
    for (Map.Entry<String, List<JournalRow>> journal : evidence.journals().entrySet()) {
      String problem = problemOf(journal.getValue());
      if (problem != null) {
        violations.add(
            new Violation(
                name(), sessionsOf(journal.getKey(), evidence), journal.getKey() + ": " + problem));
      }
    }
    return violations;
  }

  /** What shows two writers in one journal, or null when its writers took turns properly. */
  static String problemOf(List<JournalRow> rows) {
    List<JournalRow> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparingLong(JournalRow::sequenceNr)
            .thenComparingLong(JournalRow::timestampMs));
    List<String> problems = new ArrayList<>();
    for (int i = 1; i < sorted.size(); i++) {
      JournalRow previous = sorted.get(i - 1);
      JournalRow row = sorted.get(i);
      if (row.sequenceNr() == previous.sequenceNr()) {
        problems.add(
            "sequence number "
                + row.sequenceNr()
                + " written twice (writers "
                + shortId(previous.writerUuid())
                + " and "
                + shortId(row.writerUuid())
                + ")");
      }
    }
    // Runs of one writer in sequence order; a writer with two runs came back after another.
    List<String> runWriters = new ArrayList<>();
    List<String> runRanges = new ArrayList<>();
    long runStart = -1;
    for (int i = 0; i < sorted.size(); i++) {
      JournalRow row = sorted.get(i);
      boolean newRun =
          runWriters.isEmpty() || !runWriters.get(runWriters.size() - 1).equals(row.writerUuid());
      if (newRun) {
        if (!runWriters.isEmpty()) {
          runRanges.add(runStart + "-" + sorted.get(i - 1).sequenceNr());
        }
        runWriters.add(row.writerUuid());
        runStart = row.sequenceNr();
      }
    }
    if (!runWriters.isEmpty()) {
      runRanges.add(runStart + "-" + sorted.get(sorted.size() - 1).sequenceNr());
    }
    Map<String, Integer> runsPerWriter = new LinkedHashMap<>();
    runWriters.forEach(w -> runsPerWriter.merge(w, 1, Integer::sum));
    if (runsPerWriter.values().stream().anyMatch(n -> n > 1)) {
      StringBuilder turns = new StringBuilder();
      for (int i = 0; i < runWriters.size(); i++) {
        if (i > 0) {
          turns.append(", ");
        }
        turns.append(shortId(runWriters.get(i))).append(" (").append(runRanges.get(i)).append(')');
      }
      problems.add("writers alternate: " + turns);
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static List<String> sessionsOf(String persistenceId, DrillEvidence evidence) {
    int bar = persistenceId.indexOf('|');
    String type = bar < 0 ? "" : persistenceId.substring(0, bar);
    String id = bar < 0 ? persistenceId : persistenceId.substring(bar + 1);
    switch (type) {
      case "PlaybackSession":
        return List.of(id);
      case "Account":
        return evidence.sessionsOfAccount(id);
      case "ProfileBookmarks":
        int slash = id.indexOf('/');
        return slash < 0
            ? List.of()
            : evidence.sessionsOfProfile(id.substring(0, slash), id.substring(slash + 1));
      default:
        return List.of();
    }
  }

  private static String shortId(String writerUuid) {
    return writerUuid == null ? "?" : writerUuid.substring(0, Math.min(8, writerUuid.length()));
  }
}
