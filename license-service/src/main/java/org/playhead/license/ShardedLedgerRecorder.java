package org.playhead.license;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.playhead.license.ledger.LicenseLedger;
import org.playhead.license.ledger.LicenseLedger.LicenseDenied;
import org.playhead.license.ledger.LicenseLedger.LicenseIssued;

/** Records through the sharded {@link LicenseLedger} of each session. */
public final class ShardedLedgerRecorder implements LedgerRecorder {
  private final ClusterSharding sharding;
  private final Duration timeout;

  public ShardedLedgerRecorder(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Done> issued(String sessionId, LicenseIssued event) {
    return sharding
        .entityRefFor(LicenseLedger.ENTITY_KEY, sessionId)
        .ask(replyTo -> new LicenseLedger.RecordIssued(event, replyTo), timeout);
  }

  @Override
  public CompletionStage<Done> denied(String sessionId, LicenseDenied event) {
    return sharding
        .entityRefFor(LicenseLedger.ENTITY_KEY, sessionId)
        .ask(replyTo -> new LicenseLedger.RecordDenied(event, replyTo), timeout);
  }
}
