package org.playhead.license;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.playhead.license.ledger.LicenseLedger.LicenseDenied;
import org.playhead.license.ledger.LicenseLedger.LicenseIssued;

/** Where the license actor writes its audit: a session's ledger, acknowledged once persisted. */
public interface LedgerRecorder {
  CompletionStage<Done> issued(String sessionId, LicenseIssued event);

  CompletionStage<Done> denied(String sessionId, LicenseDenied event);
}
