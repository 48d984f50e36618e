package org.playhead.session.analytics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.playhead.protocol.events.v1.QoeSample;
import org.playhead.protocol.events.v1.SessionContext;
import org.playhead.protocol.events.v1.SessionEvent;

/**
 * Live QoE figures per title, CDN pathway and client network (and for all sessions), over a sliding
 * window of fixed buckets, from the published session events and QoE samples of the sessions this
 * node is given (the partitions of its consumer). Pure and single-threaded: the consumer feeds it
 * in order and the clock comes in with every call.
 *
 * <p>What each figure counts, as Conviva and Mux define them:
 *
 * <ul>
 *   <li>concurrent plays: sessions started (or heartbeating) and not stopped, seen within the lease
 *       TTL;
 *   <li>plays: sessions started in the window; video startup time: from the start to the first
 *       playing report, p50 and p95 (nearest rank) of the video starts in the window;
 *   <li>video start failures: sessions that stopped in the window before video started and had
 *       reported an error (or been denied a license); exits before video start: the same without an
 *       error;
 *   <li>rebuffering ratio: rebuffering time over playing plus rebuffering time, as the window's
 *       samples report them; average bitrate: each sample's bitrate weighted by the played time it
 *       reports; error rate: the share of the window's samples that report an error.
 * </ul>
 */
public final class QoeAggregates {

  public enum Dimension {
    ALL,
    TITLE,
    PATHWAY,
    NETWORK;

    /** The name in URLs and metric labels. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One value of one dimension, e.g. (TITLE, "title-42"). */
  public record Key(Dimension dimension, String value) implements Comparable<Key> {
    static final Key ALL = new Key(Dimension.ALL, "all");

    @Override
    public int compareTo(Key other) {
      int byDimension = dimension.compareTo(other.dimension);
      return byDimension != 0 ? byDimension : value.compareTo(other.value);
    }
  }

  /** Values beyond a dimension's cap, and values a session has not reported. */
  public static final String OTHER = "other";

  public static final String UNKNOWN = "unknown";

  private static final class Tracked {
    Key title;
    Key pathway;
    Key network;
    boolean videoStarted;
    boolean errorSeen;
    long lastSeenMs;
    int partition;
  }

  private final AnalyticsSettings.Aggregates settings;
  private final long bucketMs;
  private final int buckets;
  private final long liveForMs;
  private final long[] bucketSlot;
  private final Map<Key, QoeStats.Builder>[] bucketStats;
  private final Map<String, Tracked> sessions;
  private final EnumMap<Dimension, Map<String, Key>> keys = new EnumMap<>(Dimension.class);

  @SuppressWarnings("unchecked")
  public QoeAggregates(AnalyticsSettings.Aggregates settings) {
    this.settings = settings;
    this.bucketMs = settings.bucket().toMillis();
    this.buckets = settings.buckets();
    this.liveForMs = settings.liveFor().toMillis();
    this.bucketSlot = new long[buckets];
    java.util.Arrays.fill(bucketSlot, Long.MIN_VALUE);
    this.bucketStats = new Map[buckets];
    for (int i = 0; i < buckets; i++) {
      bucketStats[i] = new HashMap<>();
    }
    int maxSessions = settings.maxSessions();
    this.sessions =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
            return size() > maxSessions;
          }
        };
    for (Dimension d : Dimension.values()) {
      keys.put(d, new HashMap<>());
    }
  }

  /** A published session event (playhead.sessions.v1) from partition {@code partition}. */
  public void session(SessionEvent event, int partition, long nowMs) {
    String id = event.getSessionId();
    long at = event.getOccurredAtMs();
    switch (event.getEventCase()) {
      case STARTED -> {
        Tracked t = track(id, event.getContext(), partition, at);
        each(t, at, nowMs, b -> b.plays++);
      }
      case VIDEO_STARTED -> {
        Tracked t = track(id, event.getContext(), partition, at);
        t.videoStarted = true;
        long startup = event.getVideoStarted().getStartupTimeMs();
        int slot = id.hashCode();
        each(
            t,
            at,
            nowMs,
            b -> {
              b.videoStarts++;
              b.startup(startup, settings.maxStartupSamples(), slot);
            });
      }
      case STOPPED -> {
        Tracked t = track(id, event.getContext(), partition, at);
        if (!event.getStopped().getVideoStarted()) {
          boolean failed = t.errorSeen;
          each(
              t,
              at,
              nowMs,
              b -> {
                if (failed) {
                  b.videoStartFailures++;
                } else {
                  b.exitsBeforeVideoStart++;
                }
              });
        }
        sessions.remove(id);
      }
      case LICENSE_DENIED -> {
        // A license event knows the device only: it marks a session already tracked.
        Tracked t = sessions.get(id);
        if (t != null) {
          t.errorSeen = true;
        }
      }
      case LICENSE_ISSUED, EVENT_NOT_SET -> {
        // Says nothing about quality.
      }
      default -> track(id, event.getContext(), partition, at);
    }
  }

  /** A QoE sample (playhead.qoe.v1) from partition {@code partition}. */
  public void sample(QoeSample sample, int partition, long nowMs) {
    long at = sample.getSampledAtMs();
    Tracked t = track(sample.getSessionId(), sample.getContext(), partition, at);
    if (sample.getError()) {
      t.errorSeen = true;
    }
    long played = Math.max(0, sample.getPlayedMs());
    long rebuffering = Math.max(0, sample.getRebufferingMs());
    long bitrate = sample.getBitrateKbps();
    boolean error = sample.getError();
    each(
        t,
        at,
        nowMs,
        b -> {
          b.samples++;
          if (error) {
            b.errorSamples++;
          }
          b.playedMs += played;
          b.rebufferingMs += rebuffering;
          if (bitrate > 0 && played > 0) {
            b.bitrateKbpsMs += bitrate * played;
            b.bitratePlayedMs += played;
          }
        });
  }

  /** The sessions of partitions this node no longer reads leave its concurrent plays. */
  public void forgetPartitions(Set<Integer> partitions) {
    sessions.values().removeIf(t -> partitions.contains(t.partition));
  }

  /** Every key's figures over the window ending at {@code nowMs}, with its concurrent plays. */
  public Map<Key, QoeStats> figures(long nowMs) {
    long nowSlot = Math.floorDiv(nowMs, bucketMs);
    Map<Key, QoeStats> out = new TreeMap<>();
    for (int i = 0; i < buckets; i++) {
      if (bucketSlot[i] > nowSlot - buckets && bucketSlot[i] <= nowSlot) {
        bucketStats[i].forEach((key, builder) -> out.merge(key, builder.build(), QoeStats::plus));
      }
    }
    Map<Key, Long> concurrent = new HashMap<>();
    for (Tracked t : sessions.values()) {
      if (t.lastSeenMs >= nowMs - liveForMs) {
        concurrent.merge(Key.ALL, 1L, Long::sum);
        concurrent.merge(t.title, 1L, Long::sum);
        concurrent.merge(t.pathway, 1L, Long::sum);
        concurrent.merge(t.network, 1L, Long::sum);
      }
    }
    concurrent.forEach(
        (key, count) -> out.merge(key, QoeStats.EMPTY.withConcurrentPlays(count), QoeStats::plus));
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  private Tracked track(String sessionId, SessionContext context, int partition, long atMs) {
    Tracked t = sessions.get(sessionId);
    if (t == null) {
      t = new Tracked();
      t.title = key(Dimension.TITLE, "");
      t.pathway = key(Dimension.PATHWAY, "");
      t.network = key(Dimension.NETWORK, "");
      sessions.put(sessionId, t);
    }
    if (!context.getTitleId().isEmpty()) {
      t.title = key(Dimension.TITLE, context.getTitleId());
    }
    if (!context.getPathway().isEmpty()) {
      t.pathway = key(Dimension.PATHWAY, context.getPathway());
    }
    if (!context.getClientNetwork().isEmpty()) {
      t.network = key(Dimension.NETWORK, context.getClientNetwork());
    }
    t.partition = partition;
    t.lastSeenMs = Math.max(t.lastSeenMs, atMs);
    return t;
  }

  /** The interned key of a value; past the dimension's cap, {@link #OTHER}. */
  private Key key(Dimension dimension, String value) {
    Map<String, Key> known = keys.get(dimension);
    String name = value.isEmpty() ? UNKNOWN : value;
    Key key = known.get(name);
    if (key == null) {
      // "unknown" and "other" are not values a client chose: they never use up the cap.
      int chosen =
          known.size() - (known.containsKey(UNKNOWN) ? 1 : 0) - (known.containsKey(OTHER) ? 1 : 0);
      if (!name.equals(UNKNOWN) && chosen >= settings.maxKeysPerDimension()) {
        return known.computeIfAbsent(OTHER, v -> new Key(dimension, v));
      }
      key = new Key(dimension, name);
      known.put(name, key);
    }
    return key;
  }

  /** Applies {@code update} to the bucket of {@code atMs}, for all sessions and each dimension. */
  private void each(
      Tracked t, long atMs, long nowMs, java.util.function.Consumer<QoeStats.Builder> update) {
    long nowSlot = Math.floorDiv(nowMs, bucketMs);
    // A clock a little ahead counts now; older than the window counts nowhere.
    long slot = Math.min(Math.floorDiv(atMs, bucketMs), nowSlot);
    if (slot <= nowSlot - buckets) {
      return;
    }
    int index = (int) Math.floorMod(slot, (long) buckets);
    if (bucketSlot[index] != slot) {
      bucketSlot[index] = slot;
      bucketStats[index].clear();
    }
    Map<Key, QoeStats.Builder> stats = bucketStats[index];
    update.accept(stats.computeIfAbsent(Key.ALL, k -> new QoeStats.Builder()));
    update.accept(stats.computeIfAbsent(t.title, k -> new QoeStats.Builder()));
    update.accept(stats.computeIfAbsent(t.pathway, k -> new QoeStats.Builder()));
    update.accept(stats.computeIfAbsent(t.network, k -> new QoeStats.Builder()));
  }
}
