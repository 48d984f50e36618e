package org.playhead.session.analytics;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A fixed list of tags for one entity type: {@code <prefix>0} to {@code <prefix>(count-1)}. Every
 * event of an entity carries the tag its id hashes to, so one projection instance per tag reads
 * every event of its entities in order. The count is fixed for the life of a cluster's journal.
 */
public final class EventTags {
  public static final String SESSION_PREFIX = "session-";
  public static final String ACCOUNT_PREFIX = "account-";

  private final String prefix;
  private final List<Set<String>> sets;

  public EventTags(String prefix, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a tag count must be at least 1, got " + count);
    }
    this.prefix = prefix;
    // One immutable set per tag, built once: an entity returns the same set for every event.
    this.sets = IntStream.range(0, count).mapToObj(i -> Set.of(prefix + i)).toList();
  }

  /** The tag set of an entity's events. */
  public Set<String> forId(String entityId) {
    return sets.get(Math.floorMod(entityId.hashCode(), sets.size()));
  }

  /** Every tag of the list, in order: one projection instance each. */
  public List<String> all() {
    return sets.stream().map(s -> s.iterator().next()).toList();
  }

  public String prefix() {
    return prefix;
  }
}
