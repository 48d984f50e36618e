package org.playhead.session;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The session entity's tunables, read once from {@code playhead.session}.
 *
 * @param heartbeatInterval how often players are asked to send a heartbeat
 * @param leaseTtl a live session with no heartbeat for this long ends as expired
 * @param checkpointInterval a heartbeat persists the position only if the last checkpoint is at
 *     least this old
 * @param snapshotEvery take a snapshot after this many events (two are kept)
 * @param askTimeout how long the API waits for an entity's answer
 * @param renewEvery a playing session renews its account slot at most this often
 * @param budget what one session's player may cost: reports per second, journal writes
 * @param ownerUrl this node's own HTTP base URL, named in every session reply as the owner hint
 *     (empty: no hint): a client or load balancer that sends a session's calls there saves the hop
 *     from the node it reached to the node that holds the session
 */
public record SessionSettings(
    Duration heartbeatInterval,
    Duration leaseTtl,
    Duration checkpointInterval,
    int snapshotEvery,
    Duration askTimeout,
    Duration renewEvery,
    SessionBudget.Limits budget,
    String ownerUrl) {

  /** Settings with the default budget and no owner hint. */
  public SessionSettings(
      Duration heartbeatInterval,
      Duration leaseTtl,
      Duration checkpointInterval,
      int snapshotEvery,
      Duration askTimeout,
      Duration renewEvery) {
    this(
        heartbeatInterval,
        leaseTtl,
        checkpointInterval,
        snapshotEvery,
        askTimeout,
        renewEvery,
        SessionBudget.Limits.DEFAULT,
        "");
  }

  public static SessionSettings fromConfig(Config config) {
    Config c = config.getConfig("playhead.session");
    return new SessionSettings(
        c.getDuration("heartbeat-interval"),
        c.getDuration("lease-ttl"),
        c.getDuration("checkpoint-interval"),
        c.getInt("snapshot-every"),
        c.getDuration("ask-timeout"),
        config.getDuration("playhead.accounts.renew-every"),
        SessionBudget.Limits.fromConfig(config),
        config.getString("playhead.http.owner-url"));
  }
}
