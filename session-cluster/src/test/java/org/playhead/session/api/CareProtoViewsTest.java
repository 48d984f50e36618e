package org.playhead.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.playhead.protocol.care.v1.EvictionPolicy;
import org.playhead.protocol.session.v1.StopReason;
import org.playhead.session.Account;
import org.playhead.session.Plan;
import org.playhead.session.care.Timeline;
import org.playhead.session.care.TimelineEntry;

class CareProtoViewsTest {

  @Test
  void anAccountShowsEverythingButTerminationTokens() {
    Account.AccountView view =
        new Account.AccountView(
            "acc-1",
            new Plan(
                "standard",
                2,
                5,
                org.playhead.session.EvictionPolicy.EVICT_OLDEST,
                Duration.ofSeconds(90)),
            List.of(new Account.Device("tv", "tv", 1_000)),
            List.of(new Account.StreamView("s-1", "p1", "tv", "t-1", 2_000, 9_000, "secret-1", 0)),
            List.of(new Account.StreamView("s-0", "p2", "phone", "t-2", 500, 0, "secret-0", 7_000)),
            List.of(
                new Account.EndedStream(
                    "s-0",
                    "p2",
                    "phone",
                    "t-2",
                    500,
                    1_500,
                    org.playhead.session.StopReason.REVOKED)));

    var account = CareProtoViews.account(view);

    assertEquals("standard", account.getPlan().getName());
    assertEquals(EvictionPolicy.EVICTION_POLICY_EVICT_OLDEST, account.getPlan().getPolicy());
    assertEquals(90, account.getPlan().getHandoffGraceSeconds());
    assertEquals("tv", account.getDevices(0).getDeviceId());
    assertEquals(9_000, account.getActiveStreams(0).getLeaseExpiresAtMs());
    assertEquals(7_000, account.getReservations(0).getReservedUntilMs());
    assertEquals(StopReason.STOP_REASON_REVOKED, account.getRecentSessions(0).getStopReason());
    assertFalse(account.toString().contains("secret"), account.toString());
    assertFalse(hasTokenField(account.getDescriptorForType()), "the contract has no token field");
  }

  @Test
  void aTimelineKeepsEveryEntryAndItsDetails() {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("by", "care:agent-7");
    details.put("why", "customer asked");
    Timeline timeline =
        new Timeline(
            "s-1",
            "acc-1",
            List.of(
                new TimelineEntry(1_000, TimelineEntry.SESSION, "started", "Started", Map.of(), 1),
                new TimelineEntry(
                    2_000, TimelineEntry.ACCOUNT, "stream-ended", "Ended by care", details, 4)),
            true);

    var proto = CareProtoViews.timeline(timeline, 10_000);

    assertEquals("acc-1", proto.getAccountId());
    assertEquals(10_000, proto.getMaxEventsRead());
    assertEquals(true, proto.getTruncated());
    assertEquals(2, proto.getEntriesCount());
    assertEquals("stream-ended", proto.getEntries(1).getKind());
    assertEquals(4, proto.getEntries(1).getSequenceNr());
    assertEquals(details, proto.getEntries(1).getDetailsMap());
  }

  private static boolean hasTokenField(Descriptor type) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getName().contains("token")
          || (field.getType() == FieldDescriptor.Type.MESSAGE
              && !field.isMapField()
              && hasTokenField(field.getMessageType()))) {
        return true;
      }
    }
    return false;
  }
}
