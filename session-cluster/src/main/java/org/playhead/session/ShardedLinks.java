package org.playhead.session;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The entities' links to each other, through cluster sharding: sessions tell their account and
 * their profile's bookmarks; accounts tell the sessions they end.
 */
public final class ShardedLinks implements SessionLinks, Account.SessionStopper {
  private final ClusterSharding sharding;

  public ShardedLinks(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
  }

  /**
   * Bookmarks belong to a profile of an account; profile ids need not be unique across accounts.
   * The separator cannot occur in an id (see the API's id rule).
   */
  public static String bookmarksId(String accountId, String profileId) {
    return accountId + "/" + profileId;
  }

  @Override
  public void renewSlot(String accountId, String sessionId) {
    sharding.entityRefFor(Account.ENTITY_KEY, accountId).tell(new Account.RenewLease(sessionId));
  }

  @Override
  public void releaseSlot(String accountId, String sessionId, StopReason reason, long atMs) {
    sharding
        .entityRefFor(Account.ENTITY_KEY, accountId)
        .tell(new Account.Release(sessionId, reason, atMs));
  }

  @Override
  public void recordPosition(
      SessionFacts facts, String sessionId, long positionMs, long observedAtMs, boolean finished) {
    sharding
        .entityRefFor(
            ProfileBookmarks.ENTITY_KEY, bookmarksId(facts.accountId(), facts.profileId()))
        .tell(
            new ProfileBookmarks.RecordPosition(
                facts.titleId(),
                positionMs,
                observedAtMs,
                sessionId,
                facts.device().deviceId(),
                finished));
  }

  @Override
  public void stop(String sessionId, StopReason reason, String detail) {
    sharding
        .entityRefFor(PlaybackSession.ENTITY_KEY, sessionId)
        .tell(new PlaybackSession.Revoke(reason, detail));
  }
}
