package org.playhead.license.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.playhead.license.ContentKey;
import org.playhead.license.KeyId;
import org.playhead.license.TestKeys;
import org.playhead.license.TrackType;

class KeyVaultTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  final InMemoryVaultStore store = new InMemoryVaultStore();
  final MasterKey m1 = TestKeys.master("m1");
  final KeyVault vault =
      new KeyVault(
          store, new MasterKeyring(m1, List.of()), Clock.systemUTC(), Duration.ofMinutes(1), 100);

  static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void getOrCreateMakesOneKeyPerTrackTypeAndKeepsIt() throws Exception {
    List<ContentKey> first =
        get(vault.getOrCreate("t1", EnumSet.of(TrackType.SD, TrackType.AUDIO)));
    assertEquals(
        List.of(TrackType.AUDIO, TrackType.SD), first.stream().map(ContentKey::trackType).toList());
    List<ContentKey> again = get(vault.getOrCreate("t1", EnumSet.of(TrackType.SD, TrackType.HD)));
    assertTrue(again.get(0).sameAs(first.get(1)), "the same SD key");
    assertEquals(3, store.rows.size());
    Map<KeyId, ContentKey> found =
        get(vault.keysFor("t1", List.of(first.get(0).keyId(), KeyId.of(TestKeys.random(16)))));
    assertEquals(Set.of(first.get(0).keyId()), found.keySet());
  }

  @Test
  void aKeyCreatedAfterTheTitleWasCachedIsFound() throws Exception {
    get(vault.getOrCreate("t2", EnumSet.of(TrackType.SD)));
    get(vault.keysOf("t2"));
    ContentKey imported = TestKeys.key("t2", TrackType.UHD);
    // Written straight to the store, as another node would.
    store.insertIfAbsent(new MasterKeyring(m1, List.of()).wrap(imported, 1));
    assertTrue(
        get(vault.keysFor("t2", List.of(imported.keyId()))).get(imported.keyId()).sameAs(imported));
  }

  @Test
  void importKeepsTheFirstKeyAndReportsConflicts() throws Exception {
    ContentKey key = TestKeys.key("t3", TrackType.SD);
    assertEquals(KeyVault.ImportOutcome.IMPORTED, get(vault.importKey(key)));
    assertEquals(KeyVault.ImportOutcome.ALREADY_PRESENT, get(vault.importKey(key)));
    assertEquals(
        KeyVault.ImportOutcome.CONFLICT, get(vault.importKey(TestKeys.key("t3", TrackType.SD))));
    assertTrue(get(vault.keysOf("t3")).get(key.keyId()).sameAs(key));
  }

  @Test
  void rewrapMovesEveryRowToTheActiveMasterKeyWithoutChangingAKey() throws Exception {
    List<ContentKey> keys = get(vault.getOrCreate("t4", EnumSet.allOf(TrackType.class)));
    MasterKey m2 = TestKeys.master("m2");
    KeyVault rotated =
        new KeyVault(
            store, new MasterKeyring(m2, List.of(m1)), Clock.systemUTC(), Duration.ZERO, 100);
    Materializer mat = Materializer.matFromSystem(testKit.system());
    KeyVault.RewrapReport report = get(rotated.rewrap(mat));
    assertEquals(4, report.rewrapped());
    assertEquals(0, report.failed());
    assertTrue(store.rows.values().stream().allMatch(r -> r.masterKeyId().equals("m2")));
    // Repeating it changes nothing.
    assertEquals(0, get(rotated.rewrap(mat)).rewrapped());
    KeyVault onlyNew =
        new KeyVault(
            store, new MasterKeyring(m2, List.of()), Clock.systemUTC(), Duration.ZERO, 100);
    Map<KeyId, ContentKey> after = get(onlyNew.keysOf("t4"));
    for (ContentKey k : keys) {
      assertTrue(after.get(k.keyId()).sameAs(k));
    }
    // A vault without the key that wrapped a row reports it as failed, never guesses.
    KeyVault stranger =
        new KeyVault(store, TestKeys.ring("m9"), Clock.systemUTC(), Duration.ZERO, 100);
    assertEquals(4, get(stranger.rewrap(mat)).failed());
  }
}
