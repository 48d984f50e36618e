package org.playhead.session.care;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.playhead.session.Account;
import org.playhead.session.Initiator;
import org.playhead.session.StopReason;
import org.playhead.session.care.AccountLookupUpdates.Delete;
import org.playhead.session.care.AccountLookupUpdates.Kind;
import org.playhead.session.care.AccountLookupUpdates.Put;
import org.playhead.session.care.AccountLookupUpdates.Update;

class AccountLookupUpdatesTest {
  static final Initiator AGENT = new Initiator(Initiator.Kind.CARE, "agent-7");

  static final List<Account.Event> JOURNAL =
      List.of(
          new Account.AccountOpened("standard", 1_000),
          new Account.DeviceRegistered("tv-1", "tv", 2_000, AGENT, "new TV"),
          new Account.StreamAdmitted(
              new Account.Slot("s-1", "profile-1", "tv-1", "title-42", 3_000, 33_000, "t-1")),
          new Account.DeviceRegistered("phone-1", "phone", 4_000, Initiator.SYSTEM, ""),
          new Account.StreamAdmitted(
              new Account.Slot("s-2", "profile-1", "phone-1", "title-7", 5_000, 35_000, "t-2")),
          new Account.StreamEnded("s-1", StopReason.USER, 6_000, Initiator.SYSTEM, "", 0),
          new Account.DeviceRemoved("tv-1", 7_000, AGENT, "sold the TV"),
          new Account.PlanChanged("premium", 8_000, AGENT, "upgrade"));

  @Test
  void aRegisteredDeviceIsPutAndARemovedOneDeleted() {
    assertEquals(
        List.of(new Put(Kind.DEVICE, "tv-1", "acc-1", "tv", 2_000)),
        AccountLookupUpdates.of("acc-1", JOURNAL.get(1)));
    assertEquals(
        List.of(new Delete(Kind.DEVICE, "tv-1", "acc-1")),
        AccountLookupUpdates.of("acc-1", JOURNAL.get(6)));
  }

  @Test
  void anAdmittedStreamPutsItsProfileWithItsDevice() {
    assertEquals(
        List.of(new Put(Kind.PROFILE, "profile-1", "acc-1", "phone-1", 5_000)),
        AccountLookupUpdates.of("acc-1", JOURNAL.get(4)));
  }

  @Test
  void eventsThatNameNoDeviceOrProfileChangeNothing() {
    for (Account.Event e :
        List.of(
            JOURNAL.get(0),
            JOURNAL.get(5),
            JOURNAL.get(7),
            new Account.ReservationReleased("s-1", 9_000),
            new Account.PlayerTokensRevoked(10_000, AGENT, "stolen phone"))) {
      assertEquals(List.of(), AccountLookupUpdates.of("acc-1", e), e.toString());
    }
  }

  @Test
  void theJournalLeavesTheDeviceStillRegisteredAndTheProfileAtItsLatestStream() {
    assertEquals(
        Map.of(
            "device/phone-1", Map.of("acc-1", "phone@4000"),
            "profile/profile-1", Map.of("acc-1", "phone-1@5000")),
        replay("acc-1", JOURNAL, new Table()).rows);
  }

  /** At least once: a restart replays from the last saved offset, and the table ends the same. */
  @Test
  void replayingFromAnEarlierOffsetLeavesTheSameTable() {
    Table once = replay("acc-1", JOURNAL, new Table());
    for (int offset = 0; offset < JOURNAL.size(); offset++) {
      Table twice = replay("acc-1", JOURNAL, new Table());
      replay("acc-1", JOURNAL.subList(offset, JOURNAL.size()), twice);
      assertEquals(once.rows, twice.rows, "replayed from event " + offset);
    }
  }

  @Test
  void oneDeviceIdOnTwoAccountsHasARowForEach() {
    Table table = new Table();
    replay("acc-1", JOURNAL.subList(0, 2), table);
    replay("acc-2", JOURNAL.subList(0, 2), table);
    assertEquals(Map.of("acc-1", "tv@2000", "acc-2", "tv@2000"), table.rows.get("device/tv-1"));
    replay("acc-1", JOURNAL.subList(6, 7), table);
    assertEquals(Map.of("acc-2", "tv@2000"), table.rows.get("device/tv-1"));
  }

  /** account_lookup as Cassandra keeps it: (kind, id) partitions of account_id rows. */
  static final class Table {
    final Map<String, Map<String, String>> rows = new TreeMap<>();

    void apply(Update update) {
      if (update instanceof Put p) {
        rows.computeIfAbsent(p.kind().column() + "/" + p.id(), k -> new TreeMap<>())
            .put(p.accountId(), p.detail() + "@" + p.atMs());
      } else if (update instanceof Delete d) {
        String key = d.kind().column() + "/" + d.id();
        Map<String, String> partition = rows.get(key);
        if (partition != null) {
          partition.remove(d.accountId());
          if (partition.isEmpty()) {
            rows.remove(key);
          }
        }
      }
    }
  }

  private static Table replay(String accountId, List<Account.Event> events, Table table) {
    List<Update> updates = new ArrayList<>();
    events.forEach(e -> updates.addAll(AccountLookupUpdates.of(accountId, e)));
    updates.forEach(table::apply);
    return table;
  }
}
