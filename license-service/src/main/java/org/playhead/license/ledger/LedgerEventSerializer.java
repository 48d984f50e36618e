package org.playhead.license.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.NotSerializableException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.playhead.license.Hdcp;
import org.playhead.license.LicenseFormat;
import org.playhead.license.TrackType;
import org.playhead.license.ledger.LicenseLedger.LicenseDenied;
import org.playhead.license.ledger.LicenseLedger.LicenseIssued;
import org.playhead.license.ledger.proto.LedgerSnapshotData;
import org.playhead.license.ledger.proto.LicenseDeniedData;
import org.playhead.license.ledger.proto.LicenseIssuedData;
import org.playhead.license.ledger.proto.PolicyData;
import org.playhead.license.policy.LicensePolicy;

/**
 * Persists the LicenseLedger's events and snapshots as protobuf. Manifests are stable names with a
 * version suffix; a new shape gets a new manifest and the old one keeps reading. Corrupt bytes and
 * unknown manifests fail as {@link NotSerializableException} (a failed recovery, never a wrong
 * state).
 */
public final class LedgerEventSerializer extends SerializerWithStringManifest {

  /** Registered in reference.conf; never change it once data exists (4204-4209 are ours). */
  public static final int IDENTIFIER = 4204;

  static final String ISSUED = "LicenseIssued.v1";
  static final String DENIED = "LicenseDenied.v1";
  static final String SNAPSHOT = "LedgerSnapshot.v1";

  public LedgerEventSerializer(ExtendedActorSystem system) {
    this();
  }

  /** For tests and tools that need no actor system. */
  public LedgerEventSerializer() {}

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof LicenseIssued) {
      return ISSUED;
    } else if (o instanceof LicenseDenied) {
      return DENIED;
    } else if (o instanceof LicenseLedger.State) {
      return SNAPSHOT;
    }
    throw new IllegalArgumentException("Cannot serialize " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof LicenseIssued e) {
      return LicenseIssuedData.newBuilder()
          .setLicenseId(e.licenseId())
          .setFormat(e.format().name())
          .setRenewal(e.renewal())
          .addAllKeyIds(e.keyIds())
          .addAllWithheldKeyIds(e.withheldKeyIds())
          .addAllTrackTypes(names(e.trackTypes()))
          .setPolicy(policy(e.policy()))
          .setDeviceId(e.deviceId())
          .setDeviceCertificate(e.deviceCertificate())
          .setModelCertificate(e.modelCertificate())
          .setAtMs(e.atMs())
          .build()
          .toByteArray();
    } else if (o instanceof LicenseDenied e) {
      return LicenseDeniedData.newBuilder()
          .setFormat(e.format().name())
          .setRenewal(e.renewal())
          .setReason(e.reason())
          .setDetail(e.detail())
          .addAllKeyIds(e.keyIds())
          .setDeviceId(e.deviceId())
          .setDeviceCertificate(e.deviceCertificate())
          .setModelCertificate(e.modelCertificate())
          .setAtMs(e.atMs())
          .build()
          .toByteArray();
    } else if (o instanceof LicenseLedger.State s) {
      return LedgerSnapshotData.newBuilder()
          .setIssued(s.issued())
          .setRenewed(s.renewed())
          .setDenied(s.denied())
          .setLastAtMs(s.lastAtMs())
          .build()
          .toByteArray();
    }
    throw new IllegalArgumentException("Cannot serialize " + o.getClass());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      return switch (manifest) {
        case ISSUED -> {
          LicenseIssuedData d = LicenseIssuedData.parseFrom(bytes);
          yield new LicenseIssued(
              d.getLicenseId(),
              LicenseFormat.valueOf(d.getFormat()),
              d.getRenewal(),
              d.getKeyIdsList(),
              d.getWithheldKeyIdsList(),
              tracks(d.getTrackTypesList()),
              policy(d.getPolicy()),
              d.getDeviceId(),
              d.getDeviceCertificate(),
              d.getModelCertificate(),
              d.getAtMs());
        }
        case DENIED -> {
          LicenseDeniedData d = LicenseDeniedData.parseFrom(bytes);
          yield new LicenseDenied(
              LicenseFormat.valueOf(d.getFormat()),
              d.getRenewal(),
              d.getReason(),
              d.getDetail(),
              d.getKeyIdsList(),
              d.getDeviceId(),
              d.getDeviceCertificate(),
              d.getModelCertificate(),
              d.getAtMs());
        }
        case SNAPSHOT -> {
          LedgerSnapshotData d = LedgerSnapshotData.parseFrom(bytes);
          yield new LicenseLedger.State(
              d.getIssued(), d.getRenewed(), d.getDenied(), d.getLastAtMs());
        }
        default -> throw new NotSerializableException("Unknown manifest " + manifest);
      };
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      NotSerializableException failure =
          new NotSerializableException("Corrupt " + manifest + ": " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  private static PolicyData policy(LicensePolicy p) {
    return PolicyData.newBuilder()
        .setCanPlay(p.canPlay())
        .setCanPersist(p.canPersist())
        .setCanRenew(p.canRenew())
        .setLicenseDurationSeconds(p.licenseDurationSeconds())
        .setRentalDurationSeconds(p.rentalDurationSeconds())
        .setPlaybackDurationSeconds(p.playbackDurationSeconds())
        .setRenewalDelaySeconds(p.renewalDelaySeconds())
        .setRenewalRetryIntervalSeconds(p.renewalRetryIntervalSeconds())
        .setRenewalRecoveryDurationSeconds(p.renewalRecoveryDurationSeconds())
        .setPlayStartGracePeriodSeconds(p.playStartGracePeriodSeconds())
        .setSecurityLevel(p.securityLevel())
        .setRequiredHdcp(p.requiredHdcp().name())
        .addAllAllowedTrackTypes(names(p.allowedTrackTypes()))
        .build();
  }

  private static LicensePolicy policy(PolicyData d) {
    return new LicensePolicy(
        d.getCanPlay(),
        d.getCanPersist(),
        d.getCanRenew(),
        d.getLicenseDurationSeconds(),
        d.getRentalDurationSeconds(),
        d.getPlaybackDurationSeconds(),
        d.getRenewalDelaySeconds(),
        d.getRenewalRetryIntervalSeconds(),
        d.getRenewalRecoveryDurationSeconds(),
        d.getPlayStartGracePeriodSeconds(),
        d.getSecurityLevel(),
        d.getRequiredHdcp().isEmpty() ? Hdcp.NONE : Hdcp.valueOf(d.getRequiredHdcp()),
        tracks(d.getAllowedTrackTypesList()));
  }

  /** In TrackType order, so the same set always writes the same bytes. */
  private static List<String> names(Set<TrackType> tracks) {
    return tracks.stream().sorted().map(Enum::name).toList();
  }

  private static Set<TrackType> tracks(List<String> names) {
    Set<TrackType> out = EnumSet.noneOf(TrackType.class);
    names.forEach(n -> out.add(TrackType.valueOf(n)));
    return out;
  }
}
