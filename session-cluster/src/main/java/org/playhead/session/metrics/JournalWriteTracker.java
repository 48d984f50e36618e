package org.playhead.session.metrics;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import org.playhead.session.metrics.PlayheadMetrics.JournalOutcome;

/**
 * Times the journal's event writes as the DataStax driver completes them: the latency Cassandra
 * gave each write (retries included) and, for a failed one, what failed. Every other CQL request
 * (snapshots, recovery reads, care's timeline queries) is ignored. The journal writes one event as
 * a bound INSERT and an atomic write of several as a batch of them.
 */
final class JournalWriteTracker implements RequestTracker {
  private final PlayheadMetrics metrics;

  /** The start of pekko-persistence-cassandra's INSERT into the journal's messages table. */
  private final String journalInsert;

  /**
   * @param journalTable {@code keyspace.table} of the journal's messages
   */
  JournalWriteTracker(PlayheadMetrics metrics, String journalTable) {
    this.metrics = metrics;
    this.journalInsert = "INSERT INTO " + journalTable + " ";
  }

  @Override
  public void onSuccess(
      Request request,
      long latencyNanos,
      DriverExecutionProfile profile,
      Node node,
      String requestLogPrefix) {
    if (isJournalWrite(request)) {
      metrics.journalWrite(JournalOutcome.OK, latencyNanos);
    }
  }

  @Override
  public void onError(
      Request request,
      Throwable error,
      long latencyNanos,
      DriverExecutionProfile profile,
      Node node,
      String requestLogPrefix) {
    if (isJournalWrite(request)) {
      metrics.journalWrite(outcomeOf(error), latencyNanos);
    }
  }

  boolean isJournalWrite(Request request) {
    if (request instanceof BoundStatement bound) {
      return bound.getPreparedStatement().getQuery().contains(journalInsert);
    }
    if (request instanceof BatchStatement batch) {
      for (BatchableStatement<?> statement : batch) {
        return isJournalWrite(statement);
      }
    }
    return false;
  }

  static JournalOutcome outcomeOf(Throwable error) {
    if (error instanceof WriteTimeoutException) {
      return JournalOutcome.WRITE_TIMEOUT;
    } else if (error instanceof UnavailableException) {
      return JournalOutcome.UNAVAILABLE;
    } else if (error instanceof DriverTimeoutException) {
      return JournalOutcome.CLIENT_TIMEOUT;
    } else if (error instanceof OverloadedException) {
      return JournalOutcome.OVERLOADED;
    }
    return JournalOutcome.OTHER_ERROR;
  }

  @Override
  public void close() {}
}
