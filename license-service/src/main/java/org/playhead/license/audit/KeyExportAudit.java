package org.playhead.license.audit;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The audit of raw content keys handed to packagers: written before any key leaves (a failed write
 * is a 503 and no key), read by SREs per title.
 */
public interface KeyExportAudit {
  CompletionStage<Done> record(KeyExport export);

  /** The title's exports, most recent first. */
  CompletionStage<List<KeyExport>> recent(String titleId, int limit);
}
