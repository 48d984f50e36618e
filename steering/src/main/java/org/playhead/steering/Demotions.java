package org.playhead.steering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The caches one session's player reported failing, each until a time: a demoted cache ranks below
 * every other cache for that session, and is tried again once its time is past (the steering TTL),
 * never excluded for ever. Immutable; a session holds a handful at most.
 */
public final class Demotions {
  public static final Demotions NONE = new Demotions(new String[0], new long[0]);

  private final String[] ids;
  private final long[] untilMs;

  private Demotions(String[] ids, long[] untilMs) {
    this.ids = ids;
    this.untilMs = untilMs;
  }

  /**
   * These demotions plus {@code cacheId} until {@code until}, dropping those past at {@code now}.
   */
  public Demotions with(String cacheId, long until, long now) {
    List<String> keptIds = new ArrayList<>(ids.length + 1);
    List<Long> keptUntil = new ArrayList<>(ids.length + 1);
    for (int i = 0; i < ids.length; i++) {
      if (untilMs[i] > now && !ids[i].equals(cacheId)) {
        keptIds.add(ids[i]);
        keptUntil.add(untilMs[i]);
      }
    }
    keptIds.add(cacheId);
    keptUntil.add(until);
    return new Demotions(
        keptIds.toArray(new String[0]), keptUntil.stream().mapToLong(Long::longValue).toArray());
  }

  /** Whether {@code cacheId} is demoted at {@code now}; allocates nothing. */
  public boolean isDemoted(String cacheId, long now) {
    for (int i = 0; i < ids.length; i++) {
      if (untilMs[i] > now && ids[i].equals(cacheId)) {
        return true;
      }
    }
    return false;
  }

  /** When the demotion of {@code cacheId} ends, or 0. */
  public long until(String cacheId) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].equals(cacheId)) {
        return untilMs[i];
      }
    }
    return 0;
  }

  public boolean isEmpty(long now) {
    for (long until : untilMs) {
      if (until > now) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Demotions" + Arrays.toString(ids) + Arrays.toString(untilMs);
  }
}
