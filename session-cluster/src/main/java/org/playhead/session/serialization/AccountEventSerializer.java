package org.playhead.session.serialization;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.playhead.session.Account;
import org.playhead.session.Account.AccountOpened;
import org.playhead.session.Account.DeviceRegistered;
import org.playhead.session.Account.DeviceRemoved;
import org.playhead.session.Account.PlanChanged;
import org.playhead.session.Account.PlayerTokensRevoked;
import org.playhead.session.Account.ReservationReleased;
import org.playhead.session.Account.StreamAdmitted;
import org.playhead.session.Account.StreamEnded;
import org.playhead.session.Initiator;
import org.playhead.session.serialization.proto.AccountDeviceData;
import org.playhead.session.serialization.proto.AccountOpenedData;
import org.playhead.session.serialization.proto.AccountSnapshotData;
import org.playhead.session.serialization.proto.DeviceRegisteredData;
import org.playhead.session.serialization.proto.DeviceRemovedData;
import org.playhead.session.serialization.proto.EndedStreamData;
import org.playhead.session.serialization.proto.InitiatorData;
import org.playhead.session.serialization.proto.InitiatorKindData;
import org.playhead.session.serialization.proto.PlanChangedData;
import org.playhead.session.serialization.proto.PlayerTokensRevokedData;
import org.playhead.session.serialization.proto.ReservationData;
import org.playhead.session.serialization.proto.ReservationReleasedData;
import org.playhead.session.serialization.proto.SlotData;
import org.playhead.session.serialization.proto.StreamAdmittedData;
import org.playhead.session.serialization.proto.StreamEndedData;

/** Persists the Account's events and snapshots as protobuf, with versioned manifests. */
public final class AccountEventSerializer extends ProtobufEventSerializer {

  /** Registered in serialization.conf; never change it once data exists. */
  public static final int IDENTIFIER = 4203;

  static final String OPENED = "AccountOpened.v1";
  static final String DEVICE_REGISTERED = "DeviceRegistered.v1";
  static final String DEVICE_REMOVED = "DeviceRemoved.v1";
  static final String ADMITTED = "StreamAdmitted.v1";
  static final String ENDED = "StreamEnded.v1";
  static final String RESERVATION_RELEASED = "ReservationReleased.v1";
  static final String PLAN_CHANGED = "PlanChanged.v1";
  static final String TOKENS_REVOKED = "PlayerTokensRevoked.v1";
  static final String SNAPSHOT = "AccountSnapshot.v1";

  public AccountEventSerializer(ExtendedActorSystem system) {
    this();
  }

  /** For tests and tools that need no actor system. */
  public AccountEventSerializer() {
    super(IDENTIFIER);
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof AccountOpened) {
      return OPENED;
    } else if (o instanceof DeviceRegistered) {
      return DEVICE_REGISTERED;
    } else if (o instanceof DeviceRemoved) {
      return DEVICE_REMOVED;
    } else if (o instanceof StreamAdmitted) {
      return ADMITTED;
    } else if (o instanceof StreamEnded) {
      return ENDED;
    } else if (o instanceof ReservationReleased) {
      return RESERVATION_RELEASED;
    } else if (o instanceof PlanChanged) {
      return PLAN_CHANGED;
    } else if (o instanceof PlayerTokensRevoked) {
      return TOKENS_REVOKED;
    } else if (o instanceof Account.State) {
      return SNAPSHOT;
    }
    throw cannotSerialize(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    return toData(o).toByteArray();
  }

  private static MessageLite toData(Object o) {
    if (o instanceof AccountOpened e) {
      return AccountOpenedData.newBuilder().setPlan(e.plan()).setAtMs(e.atMs()).build();
    } else if (o instanceof DeviceRegistered e) {
      return DeviceRegisteredData.newBuilder()
          .setDeviceId(e.deviceId())
          .setDeviceType(e.deviceType())
          .setAtMs(e.atMs())
          .setBy(toData(e.by()))
          .setWhy(e.why())
          .build();
    } else if (o instanceof DeviceRemoved e) {
      return DeviceRemovedData.newBuilder()
          .setDeviceId(e.deviceId())
          .setAtMs(e.atMs())
          .setBy(toData(e.by()))
          .setWhy(e.why())
          .build();
    } else if (o instanceof StreamAdmitted e) {
      return StreamAdmittedData.newBuilder().setSlot(toData(e.slot())).build();
    } else if (o instanceof StreamEnded e) {
      return StreamEndedData.newBuilder()
          .setSessionId(e.sessionId())
          .setReason(SessionProtoMapper.toData(e.reason()))
          .setAtMs(e.atMs())
          .setBy(toData(e.by()))
          .setWhy(e.why())
          .setReservedUntilMs(e.reservedUntilMs())
          .build();
    } else if (o instanceof ReservationReleased e) {
      return ReservationReleasedData.newBuilder()
          .setSessionId(e.sessionId())
          .setAtMs(e.atMs())
          .build();
    } else if (o instanceof PlanChanged e) {
      return PlanChangedData.newBuilder()
          .setPlan(e.plan())
          .setAtMs(e.atMs())
          .setBy(toData(e.by()))
          .setWhy(e.why())
          .build();
    } else if (o instanceof PlayerTokensRevoked e) {
      return PlayerTokensRevokedData.newBuilder()
          .setNotBeforeMs(e.notBeforeMs())
          .setBy(toData(e.by()))
          .setWhy(e.why())
          .build();
    } else if (o instanceof Account.Open s) {
      AccountSnapshotData.Builder b =
          AccountSnapshotData.newBuilder()
              .setOpen(true)
              .setPlan(s.plan())
              .setTokensNotBeforeMs(s.tokensNotBeforeMs());
      s.devices()
          .values()
          .forEach(
              d ->
                  b.addDevices(
                      AccountDeviceData.newBuilder()
                          .setDeviceId(d.deviceId())
                          .setDeviceType(d.deviceType())
                          .setRegisteredAtMs(d.registeredAtMs())));
      s.slots().values().forEach(slot -> b.addSlots(toData(slot)));
      s.reservations()
          .values()
          .forEach(
              r ->
                  b.addReservations(
                      ReservationData.newBuilder()
                          .setSlot(toData(r.slot()))
                          .setUntilMs(r.untilMs())));
      s.recent()
          .forEach(
              e ->
                  b.addRecent(
                      EndedStreamData.newBuilder()
                          .setSessionId(e.sessionId())
                          .setProfileId(e.profileId())
                          .setDeviceId(e.deviceId())
                          .setTitleId(e.titleId())
                          .setStartedAtMs(e.startedAtMs())
                          .setEndedAtMs(e.endedAtMs())
                          .setReason(SessionProtoMapper.toData(e.reason()))));
      return b.build();
    } else if (o instanceof Account.Unopened) {
      return AccountSnapshotData.newBuilder().setOpen(false).build();
    }
    throw cannotSerialize(o);
  }

  @Override
  Object decode(byte[] bytes, String manifest)
      throws InvalidProtocolBufferException, NotSerializableException {
    return switch (manifest) {
      case OPENED -> {
        AccountOpenedData d = AccountOpenedData.parseFrom(bytes);
        yield new AccountOpened(d.getPlan(), d.getAtMs());
      }
      case DEVICE_REGISTERED -> {
        DeviceRegisteredData d = DeviceRegisteredData.parseFrom(bytes);
        yield new DeviceRegistered(
            d.getDeviceId(), d.getDeviceType(), d.getAtMs(), fromData(d.getBy()), d.getWhy());
      }
      case DEVICE_REMOVED -> {
        DeviceRemovedData d = DeviceRemovedData.parseFrom(bytes);
        yield new DeviceRemoved(d.getDeviceId(), d.getAtMs(), fromData(d.getBy()), d.getWhy());
      }
      case ADMITTED -> new StreamAdmitted(fromData(StreamAdmittedData.parseFrom(bytes).getSlot()));
      case ENDED -> {
        StreamEndedData d = StreamEndedData.parseFrom(bytes);
        yield new StreamEnded(
            d.getSessionId(),
            SessionProtoMapper.fromData(d.getReason()),
            d.getAtMs(),
            fromData(d.getBy()),
            d.getWhy(),
            d.getReservedUntilMs());
      }
      case RESERVATION_RELEASED -> {
        ReservationReleasedData d = ReservationReleasedData.parseFrom(bytes);
        yield new ReservationReleased(d.getSessionId(), d.getAtMs());
      }
      case PLAN_CHANGED -> {
        PlanChangedData d = PlanChangedData.parseFrom(bytes);
        yield new PlanChanged(d.getPlan(), d.getAtMs(), fromData(d.getBy()), d.getWhy());
      }
      case TOKENS_REVOKED -> {
        PlayerTokensRevokedData d = PlayerTokensRevokedData.parseFrom(bytes);
        yield new PlayerTokensRevoked(d.getNotBeforeMs(), fromData(d.getBy()), d.getWhy());
      }
      case SNAPSHOT -> fromSnapshot(AccountSnapshotData.parseFrom(bytes));
      default -> throw unknown(manifest);
    };
  }

  private static Account.State fromSnapshot(AccountSnapshotData d) {
    if (!d.getOpen()) {
      return new Account.Unopened();
    }
    Map<String, Account.Device> devices = new LinkedHashMap<>();
    d.getDevicesList()
        .forEach(
            x ->
                devices.put(
                    x.getDeviceId(),
                    new Account.Device(x.getDeviceId(), x.getDeviceType(), x.getRegisteredAtMs())));
    Map<String, Account.Slot> slots = new LinkedHashMap<>();
    d.getSlotsList().forEach(x -> slots.put(x.getSessionId(), fromData(x)));
    Map<String, Account.Reservation> reservations = new LinkedHashMap<>();
    d.getReservationsList()
        .forEach(
            x ->
                reservations.put(
                    x.getSlot().getSessionId(),
                    new Account.Reservation(fromData(x.getSlot()), x.getUntilMs())));
    List<Account.EndedStream> recent = new ArrayList<>();
    d.getRecentList()
        .forEach(
            x ->
                recent.add(
                    new Account.EndedStream(
                        x.getSessionId(),
                        x.getProfileId(),
                        x.getDeviceId(),
                        x.getTitleId(),
                        x.getStartedAtMs(),
                        x.getEndedAtMs(),
                        SessionProtoMapper.fromData(x.getReason()))));
    return new Account.Open(
        d.getPlan(),
        java.util.Collections.unmodifiableMap(devices),
        java.util.Collections.unmodifiableMap(slots),
        java.util.Collections.unmodifiableMap(reservations),
        List.copyOf(recent),
        d.getTokensNotBeforeMs());
  }

  private static SlotData toData(Account.Slot s) {
    return SlotData.newBuilder()
        .setSessionId(s.sessionId())
        .setProfileId(s.profileId())
        .setDeviceId(s.deviceId())
        .setTitleId(s.titleId())
        .setStartedAtMs(s.startedAtMs())
        .setLeaseExpiresAtMs(s.leaseExpiresAtMs())
        .setTerminationToken(s.terminationToken())
        .build();
  }

  private static Account.Slot fromData(SlotData d) {
    return new Account.Slot(
        d.getSessionId(),
        d.getProfileId(),
        d.getDeviceId(),
        d.getTitleId(),
        d.getStartedAtMs(),
        d.getLeaseExpiresAtMs(),
        d.getTerminationToken());
  }

  private static InitiatorData toData(Initiator by) {
    InitiatorKindData kind =
        switch (by.kind()) {
          case PLAYER -> InitiatorKindData.INITIATOR_KIND_PLAYER;
          case CARE -> InitiatorKindData.INITIATOR_KIND_CARE;
          case SRE -> InitiatorKindData.INITIATOR_KIND_SRE;
          case SYSTEM -> InitiatorKindData.INITIATOR_KIND_SYSTEM;
        };
    return InitiatorData.newBuilder().setKind(kind).setId(by.id()).build();
  }

  private static Initiator fromData(InitiatorData d) {
    Initiator.Kind kind =
        switch (d.getKind()) {
          case INITIATOR_KIND_PLAYER -> Initiator.Kind.PLAYER;
          case INITIATOR_KIND_CARE -> Initiator.Kind.CARE;
          case INITIATOR_KIND_SRE -> Initiator.Kind.SRE;
          case INITIATOR_KIND_SYSTEM, INITIATOR_KIND_UNSPECIFIED, UNRECOGNIZED ->
              Initiator.Kind.SYSTEM;
        };
    return new Initiator(kind, d.getId());
  }
}
