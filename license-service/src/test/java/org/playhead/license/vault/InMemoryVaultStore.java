package org.playhead.license.vault;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** The vault's store in memory, with the same insert-if-absent and compare-and-set semantics. */
public final class InMemoryVaultStore implements VaultStore {
  final Map<String, VaultRow> rows = new ConcurrentHashMap<>();

  private static String key(String title, Object track) {
    return title + "/" + track;
  }

  @Override
  public CompletionStage<VaultRow> insertIfAbsent(VaultRow row) {
    VaultRow existing = rows.putIfAbsent(key(row.titleId(), row.trackType()), row);
    return CompletableFuture.completedFuture(existing == null ? row : existing);
  }

  @Override
  public CompletionStage<List<VaultRow>> rowsOf(String titleId) {
    return CompletableFuture.completedFuture(
        rows.values().stream().filter(r -> r.titleId().equals(titleId)).toList());
  }

  @Override
  public Source<VaultRow, NotUsed> allRows() {
    return Source.from(List.copyOf(rows.values()));
  }

  @Override
  public CompletionStage<Boolean> replaceWrap(VaultRow rewrapped, String expectedMasterKeyId) {
    String k = key(rewrapped.titleId(), rewrapped.trackType());
    VaultRow current = rows.get(k);
    boolean applied =
        current != null
            && current.masterKeyId().equals(expectedMasterKeyId)
            && rows.replace(k, current, rewrapped);
    return CompletableFuture.completedFuture(applied);
  }

  public VaultRow row(String title, Object track) {
    return rows.get(key(title, track));
  }
}
