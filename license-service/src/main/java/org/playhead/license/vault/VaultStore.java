package org.playhead.license.vault;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** Where wrapped content keys live: one row per title and track type. */
public interface VaultStore {

  /**
   * Stores {@code row} unless its title and track type already have one; answers the row that is
   * stored afterwards (this one, or the one that was there first), so that concurrent creators of
   * the same key agree.
   */
  CompletionStage<VaultRow> insertIfAbsent(VaultRow row);

  /** Every stored key of a title. */
  CompletionStage<List<VaultRow>> rowsOf(String titleId);

  /** Every stored row, for re-wrapping under a new master key. */
  Source<VaultRow, NotUsed> allRows();

  /**
   * Replaces a row's wrapped key and master key id if it is still wrapped by {@code
   * expectedMasterKeyId} (another node may have re-wrapped it first).
   *
   * @return whether this call replaced it
   */
  CompletionStage<Boolean> replaceWrap(VaultRow rewrapped, String expectedMasterKeyId);
}
