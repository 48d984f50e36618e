package org.playhead.chaos.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SingleWriterTest {
  private final SingleWriter rule = new SingleWriter();

  private static List<JournalRow> rows(String pid, Object... seqAndWriter) {
    List<JournalRow> rows = new ArrayList<>();
    for (int i = 0; i < seqAndWriter.length; i += 2) {
      long seq = ((Number) seqAndWriter[i]).longValue();
      rows.add(new JournalRow(pid, 0, seq, (String) seqAndWriter[i + 1], 1_000 * seq, "Event.v1"));
    }
    return rows;
  }

  @Test
  void oneWriterIsFine() {
    assertNull(SingleWriter.problemOf(rows("p", 1, "w1", 2, "w1", 3, "w1")));
  }

  @Test
  void aMoveAfterAKillIsTheOldWritersEventsThenTheNewOnes() {
    assertNull(
        SingleWriter.problemOf(rows("p", 1, "w1", 2, "w1", 3, "w2", 4, "w2", 5, "w3", 6, "w3")));
  }

  @Test
  void catchesWritersTakingTurns() {
    String problem = SingleWriter.problemOf(rows("p", 1, "w1", 2, "w2", 3, "w1", 4, "w2"));
    assertTrue(problem.contains("writers alternate"), problem);
  }

  @Test
  void catchesASequenceNumberWrittenTwice() {
    String problem = SingleWriter.problemOf(rows("p", 1, "w1", 2, "w1", 3, "w1", 3, "w2", 4, "w2"));
    assertTrue(problem.contains("sequence number 3 written twice"), problem);
  }

  @Test
  void namesTheSessionsOfTheBrokenJournal() {
    Drill drill = new Drill().played("s1", 0, 4).played("s2", 0, 4);
    drill.journals.put("PlaybackSession|s1", rows("PlaybackSession|s1", 1, "a", 2, "b", 3, "a"));
    drill.journals.put("PlaybackSession|s2", rows("PlaybackSession|s2", 1, "a", 2, "b"));
    drill.journals.put(
        "Account|" + Drill.ACCOUNT, rows("Account|" + Drill.ACCOUNT, 1, "x", 1, "y"));
    drill.journals.put(
        "ProfileBookmarks|" + Drill.ACCOUNT + "/profile-s2",
        rows("ProfileBookmarks|" + Drill.ACCOUNT + "/profile-s2", 1, "x", 2, "y", 3, "x"));
    List<Violation> violations = rule.check(drill.evidence());
    assertEquals(3, violations.size());
    for (Violation v : violations) {
      assertEquals(Rules.SINGLE_WRITER, v.rule());
      if (v.detail().startsWith("PlaybackSession|s1")) {
        assertEquals(List.of("s1"), v.sessionIds());
      } else if (v.detail().startsWith("Account|")) {
        assertEquals(List.of("s1", "s2"), v.sessionIds().stream().sorted().toList());
      } else {
        assertEquals(List.of("s2"), v.sessionIds());
      }
    }
  }
}
