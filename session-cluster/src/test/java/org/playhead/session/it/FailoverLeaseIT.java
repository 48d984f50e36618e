package org.playhead.session.it;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * A failover that outlasts the slot's lease, on real nodes: the session lives on a node that is
 * killed, its account on the node that survives. The account sees no renewal for longer than the
 * lease; when the session has recovered on the survivor and its player heartbeats again, the stream
 * keeps its slot (nobody took it and the plan has room) instead of being ended as expired.
 */
@ExtendWith(NodeLogsOnFailure.class)
class FailoverLeaseIT {
  private static final HashCodeMessageExtractor<Object> SHARDS =
      new HashCodeMessageExtractor<>(1000);

  @Test
  void aStreamWhoseLeaseRanOutDuringTheFailoverKeepsItsSlot() throws Exception {
    Map<String, String> settings = new HashMap<>(NodeProcess.UNLIMITED_STARTS);
    settings.put("playhead.session.lease-ttl", "6s");
    settings.put("playhead.accounts.renew-every", "1s");
    settings.put("playhead.accounts.default-plan", "basic");
    // Two nodes: the oldest (the survivor here) stays up whichever node dies.
    settings.put("pekko.cluster.split-brain-resolver.active-strategy", "keep-oldest");
    settings.put("pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone", "off");

    try (NodeProcess survivor = NodeProcess.start("lease-survivor", settings)) {
      NodeLogsOnFailure.watch(survivor);
      Map<String, String> joining = new HashMap<>(settings);
      joining.put(NodeProcess.joining(survivor).getKey(), NodeProcess.joining(survivor).getValue());
      NodeProcess doomed = NodeProcess.start("lease-doomed", joining);
      NodeLogsOnFailure.watch(doomed);
      PlayerHttp management = new PlayerHttp(survivor.managementUrl());
      await(() -> upMembers(management) == 2, "a cluster of two");

      // A stream whose session lives on the doomed node and whose account on the survivor.
      PlayerHttp http = new PlayerHttp(survivor.baseUrl());
      PlayerHttp doomedManagement = new PlayerHttp(doomed.managementUrl());
      String run = UUID.randomUUID().toString().substring(0, 8);
      String sessionId = null;
      String accountId = null;
      for (int i = 0; i < 40 && sessionId == null; i++) {
        String account = "acc-lease-" + run + "-" + i;
        String session = "lease-" + run + "-" + i;
        assertEquals(201, http.start(session, account, "title-1").status());
        if (hosts(management, "Account", account)
            && hosts(doomedManagement, "PlaybackSession", session)) {
          sessionId = session;
          accountId = account;
        }
      }
      assertTrue(sessionId != null, "no stream with its session and account on different nodes");
      assertEquals(200, http.heartbeat(sessionId, 1, "p", 1_000).status()); // renews its slot

      Journal journal = new Journal(); // connected while Cassandra is quick to answer
      long killedAt = System.nanoTime();
      doomed.kill9();
      await(() -> upMembers(management) == 1, "the dead node removed");
      // Longer than a lease plus the renewal slack without a renewal: the slot has lapsed.
      waitUntil(killedAt + TimeUnit.SECONDS.toNanos(8));

      // The player heartbeats on; the session recovers on the survivor and renews.
      String id = sessionId;
      long[] sn = {2};
      await(() -> http.heartbeat(id, sn[0]++, "p", 2_000).status() == 200, "the session back");
      waitUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(2)); // renewals reach the account
      var later = http.heartbeat(id, sn[0]++, "p", 3_000);
      assertEquals(200, later.status(), "the stream was ended: " + later.body());
      assertEquals("PLAYING", later.text("state"));

      JsonNode account =
          http.get("/v1/care/accounts/" + accountId, TestTokens.get().care("agent-1")).body();
      List<String> active = account.path("activeStreams").findValuesAsText("sessionId");
      assertEquals(List.of(sessionId), active, account.toString());
      // Read within the session's lease of the last heartbeat (its player stops here).
      try (journal) {
        assertFalse(
            journal.manifestsFor(sessionId).contains("PlaybackStopped.v1"),
            "the session never stopped");
        assertTrue(
            journal.accountEvents(accountId).stream()
                .noneMatch(e -> e instanceof org.playhead.session.Account.StreamEnded),
            "the account never ended the stream");
      }
    }
  }

  private static boolean hosts(PlayerHttp management, String type, String entityId) {
    String shard = SHARDS.shardId(entityId);
    for (JsonNode region : management.get("/cluster/shards/" + type).body().path("regions")) {
      if (region.path("shardId").asText().equals(shard)) {
        return true;
      }
    }
    return false;
  }

  private static int upMembers(PlayerHttp management) {
    int up = 0;
    for (JsonNode member : management.get("/cluster/members").body().path("members")) {
      if (member.path("status").asText().equals("Up")) {
        up++;
      }
    }
    return up;
  }

  /** Polls every 250 ms (a scheduler's wait) for up to 60 s. */
  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "never: " + what);
      pause(250);
    }
  }

  private static void waitUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      pause(TimeUnit.NANOSECONDS.toMillis(left) + 1);
    }
  }

  private static void pause(long millis) {
    CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(millis, MILLISECONDS))
        .join();
  }
}
