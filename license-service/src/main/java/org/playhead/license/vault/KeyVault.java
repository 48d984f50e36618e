package org.playhead.license.vault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.playhead.license.ContentKey;
import org.playhead.license.KeyId;
import org.playhead.license.TrackType;

/**
 * Content keys per title and track type: created on demand (random 128-bit key and key id) or
 * imported, stored only wrapped by the {@link MasterKeyring}, and unwrapped into a short-lived,
 * bounded in-memory cache so that a license does not cost a Cassandra read.
 */
public final class KeyVault {
  private final VaultStore store;
  private final MasterKeyring keyring;
  private final Clock clock;
  private final long cacheTtlMs;
  private final int maxCachedTitles;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Map<KeyId, ContentKey> keys, long expiresAtMs) {}

  public KeyVault(
      VaultStore store,
      MasterKeyring keyring,
      Clock clock,
      Duration cacheTtl,
      int maxCachedTitles) {
    this.store = store;
    this.keyring = keyring;
    this.clock = clock;
    this.cacheTtlMs = cacheTtl.toMillis();
    this.maxCachedTitles = maxCachedTitles;
  }

  public MasterKeyring keyring() {
    return keyring;
  }

  /**
   * The title's keys for {@code trackTypes}, creating those it lacks. Concurrent calls, on any
   * node, agree on one key per title and track type.
   */
  public CompletionStage<List<ContentKey>> getOrCreate(String titleId, Set<TrackType> trackTypes) {
    Set<TrackType> wanted =
        trackTypes.isEmpty() ? EnumSet.noneOf(TrackType.class) : EnumSet.copyOf(trackTypes);
    return store
        .rowsOf(titleId)
        .thenCompose(
            rows -> {
              Map<TrackType, VaultRow> byType = new LinkedHashMap<>();
              rows.forEach(r -> byType.put(r.trackType(), r));
              List<CompletableFuture<VaultRow>> pending = new ArrayList<>();
              for (TrackType type : wanted) {
                VaultRow existing = byType.get(type);
                pending.add(
                    existing != null
                        ? CompletableFuture.completedFuture(existing)
                        : store.insertIfAbsent(newRow(titleId, type)).toCompletableFuture());
              }
              return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        cache.remove(titleId);
                        return pending.stream()
                            .map(f -> keyring.unwrap(f.join()))
                            .sorted(Comparator.comparing(ContentKey::trackType))
                            .toList();
                      });
            });
  }

  public enum ImportOutcome {
    /** Stored now. */
    IMPORTED,
    /** The same key id and key were already stored: nothing changed. */
    ALREADY_PRESENT,
    /** The title's track type already has another key: nothing changed. */
    CONFLICT
  }

  /** Stores a key made elsewhere (by a packager); an existing different key is never replaced. */
  public CompletionStage<ImportOutcome> importKey(ContentKey key) {
    VaultRow row = keyring.wrap(key, clock.millis());
    return store
        .insertIfAbsent(row)
        .thenApply(
            stored -> {
              cache.remove(key.titleId());
              if (stored == row) {
                return ImportOutcome.IMPORTED;
              }
              return keyring.unwrap(stored).sameAs(key)
                  ? ImportOutcome.ALREADY_PRESENT
                  : ImportOutcome.CONFLICT;
            });
  }

  /**
   * The title's keys that have the given ids; ids the title does not have are left out. A cached
   * title that lacks an id is read again, so a key created since is found.
   */
  public CompletionStage<Map<KeyId, ContentKey>> keysFor(String titleId, Collection<KeyId> ids) {
    long now = clock.millis();
    Cached cached = cache.get(titleId);
    if (cached != null && cached.expiresAtMs() > now && cached.keys().keySet().containsAll(ids)) {
      return CompletableFuture.completedFuture(select(cached.keys(), ids));
    }
    return load(titleId).thenApply(all -> select(all, ids));
  }

  /** Every key of the title, by id. */
  public CompletionStage<Map<KeyId, ContentKey>> keysOf(String titleId) {
    long now = clock.millis();
    Cached cached = cache.get(titleId);
    if (cached != null && cached.expiresAtMs() > now) {
      return CompletableFuture.completedFuture(cached.keys());
    }
    return load(titleId);
  }

  private CompletionStage<Map<KeyId, ContentKey>> load(String titleId) {
    return store
        .rowsOf(titleId)
        .thenApply(
            rows -> {
              Map<KeyId, ContentKey> keys = new LinkedHashMap<>();
              for (VaultRow row : rows) {
                keys.put(row.keyId(), keyring.unwrap(row));
              }
              Map<KeyId, ContentKey> frozen = Map.copyOf(keys);
              if (cacheTtlMs > 0) {
                if (cache.size() >= maxCachedTitles) {
                  // Rare and cheap to refill: drop everything rather than track recency.
                  cache.clear();
                }
                cache.put(titleId, new Cached(frozen, clock.millis() + cacheTtlMs));
              }
              return frozen;
            });
  }

  private static Map<KeyId, ContentKey> select(Map<KeyId, ContentKey> all, Collection<KeyId> ids) {
    Map<KeyId, ContentKey> out = new LinkedHashMap<>();
    for (KeyId id : ids) {
      ContentKey key = all.get(id);
      if (key != null) {
        out.put(id, key);
      }
    }
    return out;
  }

  /**
   * What a re-wrap did.
   *
   * @param scanned rows read
   * @param rewrapped rows this call moved to the active master key
   * @param alreadyCurrent rows already under the active master key (or moved by another node)
   * @param failed rows that could not be unwrapped (their master key is not configured)
   */
  public record RewrapReport(
      String activeMasterKeyId, long scanned, long rewrapped, long alreadyCurrent, long failed) {}

  /**
   * Moves every row not wrapped by the active master key to it. Safe to run on several nodes at
   * once and to repeat: each row is replaced only if it still has the master key id it was read
   * with.
   */
  public CompletionStage<RewrapReport> rewrap(Materializer materializer) {
    AtomicLong scanned = new AtomicLong();
    AtomicLong moved = new AtomicLong();
    AtomicLong current = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    String active = keyring.activeId();
    return store
        .allRows()
        .mapAsync(
            4,
            row -> {
              scanned.incrementAndGet();
              if (row.masterKeyId().equals(active)) {
                current.incrementAndGet();
                return CompletableFuture.completedFuture(false);
              }
              VaultRow rewrapped;
              try {
                rewrapped = keyring.rewrap(row);
              } catch (VaultException e) {
                failed.incrementAndGet();
                return CompletableFuture.completedFuture(false);
              }
              return store
                  .replaceWrap(rewrapped, row.masterKeyId())
                  .thenApply(
                      applied -> {
                        (applied ? moved : current).incrementAndGet();
                        return applied;
                      });
            })
        .runWith(Sink.ignore(), materializer)
        .thenApply(
            done ->
                new RewrapReport(active, scanned.get(), moved.get(), current.get(), failed.get()));
  }

  private VaultRow newRow(String titleId, TrackType type) {
    byte[] kid = new byte[KeyId.BYTES];
    byte[] key = new byte[ContentKey.BYTES];
    random.nextBytes(kid);
    random.nextBytes(key);
    return keyring.wrap(new ContentKey(titleId, type, KeyId.of(kid), key), clock.millis());
  }
}
