package org.playhead.chaos.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.protocol.session.v1.PlayerState;

/** What the players put on the wire: CMCD as players send it, JSON with CMCD keys, protobuf. */
class WireFormatsTest {
  private final Report playing =
      new Report(
          "9b2f6c1e-5d1a-4c57-9f51-0a8d3e7f2b10",
          "title-7",
          12,
          true,
          false,
          false,
          61_000,
          12_000,
          4_500,
          25_000,
          "cdn-b",
          1_795_000_000_000L);

  @Test
  void cmcdBodyIsAnEventModeReportWithSortedKeys() {
    // CTA-5004 v2 event mode as the players' shared encoder writes it: keys sorted, strings
    // quoted, tokens bare, one report per line. The nodes' parser reads these bodies in the
    // simulator's integration tests, against real nodes.
    assertEquals(
        "bl=(12000),br=(4500),cid=\"title-7\",com.playhead-pathway=\"cdn-b\",e=t,mtp=(25000),"
            + "pt=61000,sid=\"9b2f6c1e-5d1a-4c57-9f51-0a8d3e7f2b10\",sn=12,sta=p,"
            + "ts=1795000000000,v=2\n",
        HttpPlayerApi.cmcd(playing));
  }

  @Test
  void aPausedFirstReportSaysSoInCmcd() {
    Report paused =
        new Report("s-1", "t", 1, false, true, true, 0, 30_000, 1_800, 10_000, "cdn-a", 5);
    String body = HttpPlayerApi.cmcd(paused);
    assertTrue(body.contains(",e=ps,"), body);
    assertTrue(body.contains(",sta=a,su,"), body);
  }

  @Test
  void jsonBodyUsesCmcdKeys() throws Exception {
    JsonNode json = new ObjectMapper().readTree(HttpPlayerApi.json(playing));
    assertEquals(12, json.get("sn").asLong());
    assertEquals("p", json.get("sta").asText());
    assertEquals("t", json.get("e").asText());
    assertEquals(61_000, json.get("pt").asLong());
    assertEquals("cdn-b", json.get("pathway").asText());
    assertEquals(playing.sessionId(), json.get("sid").asText());
  }

  @Test
  void grpcHeartbeatCarriesTheSameFields() {
    HeartbeatRequest request = GrpcPlayerApi.request(playing);
    assertEquals(12, request.getSequenceNumber());
    assertEquals(61_000, request.getPlayheadMs());
    assertEquals(PlayerState.PLAYER_STATE_PLAYING, request.getPlayerState());
    assertEquals("cdn-b", request.getPathway());
    assertEquals(25_000, request.getMeasuredThroughputKbps());
  }

  @Test
  void grpcRefusalsEndsAndOutagesAreToldApart() {
    Metadata conflicts = new Metadata();
    conflicts.put(GrpcPlayerApi.CONFLICTS, new byte[0]);
    CallResult limit =
        GrpcPlayerApi.classify(
            Status.FAILED_PRECONDITION.withDescription("the plan allows 2 streams at once."),
            conflicts,
            true);
    assertEquals(CallResult.Kind.REFUSED, limit.kind());
    assertEquals(Operation.REFUSED_PREFIX + "FAILED_PRECONDITION stream-limit", limit.detail());

    CallResult ended =
        GrpcPlayerApi.classify(
            Status.FAILED_PRECONDITION.withDescription("session has stopped stopReason=revoked"),
            null,
            false);
    assertEquals(CallResult.Kind.ENDED, ended.kind());
    assertEquals(Operation.ENDED_PREFIX + "revoked", ended.detail());

    assertEquals(
        CallResult.Kind.REFUSED,
        GrpcPlayerApi.classify(Status.RESOURCE_EXHAUSTED, null, true).kind());
    assertEquals(
        CallResult.Kind.UNAVAILABLE,
        GrpcPlayerApi.classify(Status.UNAVAILABLE.withDescription("io exception"), null, false)
            .kind());
    assertEquals(
        CallResult.Kind.UNAVAILABLE,
        GrpcPlayerApi.classify(Status.DEADLINE_EXCEEDED, null, true).kind());
    assertEquals(
        CallResult.Kind.REJECTED, GrpcPlayerApi.classify(Status.NOT_FOUND, null, false).kind());
    assertNull(GrpcPlayerApi.stopReasonIn("the plan allows 2 streams"));
    assertEquals("expired", GrpcPlayerApi.stopReasonIn("ended. stopReason=EXPIRED"));
  }
}
