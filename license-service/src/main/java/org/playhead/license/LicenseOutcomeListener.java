package org.playhead.license;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.playhead.license.ledger.LicenseLedger.LicenseDenied;
import org.playhead.license.ledger.LicenseLedger.LicenseIssued;

/**
 * Told of every license outcome once its audit is written: the node's metrics count issues and
 * denials here, so the counters agree with the ledger.
 */
public interface LicenseOutcomeListener {
  LicenseOutcomeListener NONE =
      new LicenseOutcomeListener() {
        @Override
        public void issued(LicenseIssued event) {}

        @Override
        public void denied(LicenseDenied event) {}
      };

  void issued(LicenseIssued event);

  void denied(LicenseDenied event);

  /** The recorder that tells this listener of each outcome its delegate persisted. */
  default LedgerRecorder listening(LedgerRecorder delegate) {
    LicenseOutcomeListener listener = this;
    return new LedgerRecorder() {
      @Override
      public CompletionStage<Done> issued(String sessionId, LicenseIssued event) {
        return delegate
            .issued(sessionId, event)
            .thenApply(done -> told(() -> listener.issued(event)));
      }

      @Override
      public CompletionStage<Done> denied(String sessionId, LicenseDenied event) {
        return delegate
            .denied(sessionId, event)
            .thenApply(done -> told(() -> listener.denied(event)));
      }

      private Done told(Runnable tell) {
        tell.run();
        return Done.getInstance();
      }
    };
  }
}
