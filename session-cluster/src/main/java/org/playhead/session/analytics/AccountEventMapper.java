package org.playhead.session.analytics;

import java.util.Locale;
import java.util.Optional;
import org.playhead.protocol.events.v1.AccountEvent;
import org.playhead.protocol.events.v1.AccountOpened;
import org.playhead.protocol.events.v1.DeviceRegistered;
import org.playhead.protocol.events.v1.DeviceRemoved;
import org.playhead.protocol.events.v1.PlanChanged;
import org.playhead.protocol.events.v1.StreamAdmitted;
import org.playhead.protocol.events.v1.StreamEnded;
import org.playhead.session.Account;
import org.playhead.session.Initiator;

/** An account's journal events as the published contract (pure: same journal, same events). */
public final class AccountEventMapper {
  private AccountEventMapper() {}

  /**
   * The published event, or empty for bookkeeping that means nothing outside (a hand-off
   * reservation released).
   */
  public static Optional<AccountEvent> map(
      String persistenceId, String accountId, long sequenceNr, Account.Event event) {
    AccountEvent.Builder b =
        AccountEvent.newBuilder()
            .setEventId(persistenceId + "/" + sequenceNr + "/0")
            .setAccountId(accountId)
            .setSequence(sequenceNr)
            .setInitiator("system");
    if (event instanceof Account.AccountOpened e) {
      b.setOccurredAtMs(e.atMs()).setOpened(AccountOpened.newBuilder().setPlan(e.plan()));
    } else if (event instanceof Account.PlanChanged e) {
      by(b, e.by(), e.why())
          .setOccurredAtMs(e.atMs())
          .setPlanChanged(PlanChanged.newBuilder().setPlan(e.plan()));
    } else if (event instanceof Account.DeviceRegistered e) {
      by(b, e.by(), e.why())
          .setOccurredAtMs(e.atMs())
          .setDeviceRegistered(
              DeviceRegistered.newBuilder()
                  .setDeviceId(e.deviceId())
                  .setDeviceType(e.deviceType()));
    } else if (event instanceof Account.DeviceRemoved e) {
      by(b, e.by(), e.why())
          .setOccurredAtMs(e.atMs())
          .setDeviceRemoved(DeviceRemoved.newBuilder().setDeviceId(e.deviceId()));
    } else if (event instanceof Account.StreamAdmitted e) {
      Account.Slot slot = e.slot();
      b.setInitiator("player")
          .setOccurredAtMs(slot.startedAtMs())
          .setStreamAdmitted(
              StreamAdmitted.newBuilder()
                  .setSessionId(slot.sessionId())
                  .setProfileId(slot.profileId())
                  .setDeviceId(slot.deviceId())
                  .setTitleId(slot.titleId()));
    } else if (event instanceof Account.StreamEnded e) {
      by(b, e.by(), e.why())
          .setOccurredAtMs(e.atMs())
          .setStreamEnded(
              StreamEnded.newBuilder()
                  .setSessionId(e.sessionId())
                  .setReason(e.reason().name().toLowerCase(Locale.ROOT)));
    } else if (event instanceof Account.ReservationReleased) {
      return Optional.empty();
    } else {
      throw new IllegalArgumentException("unknown account event " + event.getClass().getName());
    }
    return Optional.of(b.build());
  }

  private static AccountEvent.Builder by(AccountEvent.Builder b, Initiator by, String why) {
    if (by != null) {
      String kind = by.kind().name().toLowerCase(Locale.ROOT);
      // A care agent or SRE is named; a player or the system is only a kind.
      b.setInitiator(
          by.kind() == Initiator.Kind.CARE || by.kind() == Initiator.Kind.SRE
              ? kind + ":" + by.id()
              : kind);
    }
    return b.setWhy(why == null ? "" : why);
  }
}
