package org.playhead.session.care;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The accounts a device id or a profile id belongs to: table {@code account_lookup} (schema V021),
 * written by {@link AccountLookupProjection} from the account journal, read by care's search.
 * Eventually consistent: a row follows its journal event within seconds. Shares the persistence
 * plugin's Cassandra session.
 */
public final class AccountLookup {
  /** More accounts than this for one id are not listed: ids are chosen by apps, often reused. */
  public static final int MAX_ACCOUNTS = 100;

  /** One account an id belongs to. */
  public record Entry(String accountId, String detail, long atMs) {}

  private final CassandraSession session;
  private final String put;
  private final String delete;
  private final String select;

  public AccountLookup(ActorSystem<?> system) {
    this.session =
        CassandraSessionRegistry.get(system.classicSystem())
            .sessionFor("pekko.persistence.cassandra");
    String table =
        system.settings().config().getString("playhead.cassandra.keyspace") + ".account_lookup";
    this.put =
        "INSERT INTO " + table + " (kind, id, account_id, detail, at_ms) VALUES (?, ?, ?, ?, ?)";
    this.delete = "DELETE FROM " + table + " WHERE kind = ? AND id = ? AND account_id = ?";
    this.select =
        "SELECT account_id, detail, at_ms FROM "
            + table
            + " WHERE kind = ? AND id = ? LIMIT "
            + MAX_ACCOUNTS;
  }

  public CompletionStage<List<Entry>> accounts(AccountLookupUpdates.Kind kind, String id) {
    return session
        .selectAll(select, kind.column(), id)
        .thenApply(rows -> rows.stream().map(AccountLookup::entry).toList());
  }

  CompletionStage<Done> apply(AccountLookupUpdates.Update update) {
    if (update instanceof AccountLookupUpdates.Put p) {
      return session.executeWrite(
          put, p.kind().column(), p.id(), p.accountId(), p.detail(), p.atMs());
    }
    AccountLookupUpdates.Delete d = (AccountLookupUpdates.Delete) update;
    return session.executeWrite(delete, d.kind().column(), d.id(), d.accountId());
  }

  private static Entry entry(Row row) {
    return new Entry(row.getString("account_id"), row.getString("detail"), row.getLong("at_ms"));
  }
}
