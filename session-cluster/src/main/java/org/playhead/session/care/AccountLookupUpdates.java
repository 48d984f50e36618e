package org.playhead.session.care;

import java.util.List;
import org.playhead.session.Account;

/**
 * What one account journal event changes in the account lookup (schema V021): a registered device
 * is put, a removed one deleted; an admitted stream puts its profile (an account knows its profiles
 * only by their streams, so a profile row is never deleted). Pure: the projection applies the
 * updates in journal order, and applying one twice leaves the same row, so a replay after a restart
 * (at least once) changes nothing.
 */
public final class AccountLookupUpdates {
  private AccountLookupUpdates() {}

  public enum Kind {
    DEVICE("device"),
    PROFILE("profile");

    private final String column;

    Kind(String column) {
      this.column = column;
    }

    /** The value of the table's {@code kind} column. */
    public String column() {
      return column;
    }
  }

  public sealed interface Update {}

  /**
   * @param detail the device type of a device; the device of a profile's latest stream
   * @param atMs when the device was registered; when the profile's latest stream started
   */
  public record Put(Kind kind, String id, String accountId, String detail, long atMs)
      implements Update {}

  public record Delete(Kind kind, String id, String accountId) implements Update {}

  public static List<Update> of(String accountId, Account.Event event) {
    if (event instanceof Account.DeviceRegistered e) {
      return List.of(new Put(Kind.DEVICE, e.deviceId(), accountId, e.deviceType(), e.atMs()));
    } else if (event instanceof Account.DeviceRemoved e) {
      return List.of(new Delete(Kind.DEVICE, e.deviceId(), accountId));
    } else if (event instanceof Account.StreamAdmitted e) {
      Account.Slot slot = e.slot();
      return List.of(
          new Put(Kind.PROFILE, slot.profileId(), accountId, slot.deviceId(), slot.startedAtMs()));
    }
    // Plans, stream ends, reservations and sign-out's token cut-off name no device or profile
    // (sign-out removes each device with its own DeviceRemoved).
    return List.of();
  }
}
