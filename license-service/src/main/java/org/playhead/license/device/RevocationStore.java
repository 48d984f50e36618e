package org.playhead.license.device;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Where the cluster keeps its revocations (Cassandra, {@code device_revocations}). */
public interface RevocationStore {
  CompletionStage<Done> save(Revocation revocation);

  /** Done whether or not it was there. */
  CompletionStage<Done> remove(String fingerprint);

  CompletionStage<List<Revocation>> loadAll();
}
