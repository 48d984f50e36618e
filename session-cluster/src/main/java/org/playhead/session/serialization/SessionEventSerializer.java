package org.playhead.session.serialization;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.playhead.session.PlaybackSession;
import org.playhead.session.PlaybackSession.PlaybackStarted;
import org.playhead.session.PlaybackSession.PlaybackStateChanged;
import org.playhead.session.PlaybackSession.PlaybackStopped;
import org.playhead.session.PlaybackSession.PositionCheckpointed;
import org.playhead.session.PlaybackSession.SteeringDecided;
import org.playhead.session.serialization.proto.PlaybackStartedData;
import org.playhead.session.serialization.proto.PlaybackStateChangedData;
import org.playhead.session.serialization.proto.PlaybackStoppedData;
import org.playhead.session.serialization.proto.PositionCheckpointedData;
import org.playhead.session.serialization.proto.SessionSnapshotData;
import org.playhead.session.serialization.proto.SteeringDecidedData;

/**
 * Persists the PlaybackSession's events and snapshots as protobuf. Manifests are stable names with
 * a version suffix; a new shape of an event gets a new manifest and the old one keeps reading.
 */
public final class SessionEventSerializer extends ProtobufEventSerializer {

  /** Registered in serialization.conf; never change it once data exists. */
  public static final int IDENTIFIER = 4201;

  static final String STARTED = "PlaybackStarted.v1";
  static final String STATE_CHANGED = "PlaybackStateChanged.v1";
  static final String CHECKPOINTED = "PositionCheckpointed.v1";
  static final String STOPPED = "PlaybackStopped.v1";
  static final String SNAPSHOT = "SessionSnapshot.v1";
  static final String STEERING_DECIDED = "SteeringDecided.v1";

  public SessionEventSerializer(ExtendedActorSystem system) {
    this();
  }

  /** For tests and tools that need no actor system. */
  public SessionEventSerializer() {
    super(IDENTIFIER);
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof PlaybackStarted) {
      return STARTED;
    } else if (o instanceof PlaybackStateChanged) {
      return STATE_CHANGED;
    } else if (o instanceof PositionCheckpointed) {
      return CHECKPOINTED;
    } else if (o instanceof PlaybackStopped) {
      return STOPPED;
    } else if (o instanceof SteeringDecided) {
      return STEERING_DECIDED;
    } else if (o instanceof PlaybackSession.State) {
      return SNAPSHOT;
    }
    throw cannotSerialize(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof PlaybackStarted e) {
      return PlaybackStartedData.newBuilder()
          .setFacts(SessionProtoMapper.toData(e.facts()))
          .setProgress(SessionProtoMapper.toData(e.progress()))
          .build()
          .toByteArray();
    } else if (o instanceof PlaybackStateChanged e) {
      return PlaybackStateChangedData.newBuilder()
          .setPhase(SessionProtoMapper.toData(e.phase()))
          .setProgress(SessionProtoMapper.toData(e.progress()))
          .setAtMs(e.atMs())
          .build()
          .toByteArray();
    } else if (o instanceof PositionCheckpointed e) {
      return PositionCheckpointedData.newBuilder()
          .setProgress(SessionProtoMapper.toData(e.progress()))
          .build()
          .toByteArray();
    } else if (o instanceof PlaybackStopped e) {
      return PlaybackStoppedData.newBuilder()
          .setReason(SessionProtoMapper.toData(e.reason()))
          .setProgress(SessionProtoMapper.toData(e.progress()))
          .setAtMs(e.atMs())
          .build()
          .toByteArray();
    } else if (o instanceof SteeringDecided e) {
      return SteeringDecidedData.newBuilder()
          .setDecision(SessionProtoMapper.toData(e.decision()))
          .build()
          .toByteArray();
    } else if (o instanceof PlaybackSession.State s) {
      return SessionProtoMapper.toSnapshot(s).toByteArray();
    }
    throw cannotSerialize(o);
  }

  @Override
  Object decode(byte[] bytes, String manifest)
      throws InvalidProtocolBufferException, NotSerializableException {
    return switch (manifest) {
      case STARTED -> {
        PlaybackStartedData d = PlaybackStartedData.parseFrom(bytes);
        yield new PlaybackStarted(
            SessionProtoMapper.fromData(d.getFacts()),
            SessionProtoMapper.fromData(d.getProgress()));
      }
      case STATE_CHANGED -> {
        PlaybackStateChangedData d = PlaybackStateChangedData.parseFrom(bytes);
        yield new PlaybackStateChanged(
            SessionProtoMapper.fromData(d.getPhase()),
            SessionProtoMapper.fromData(d.getProgress()),
            d.getAtMs());
      }
      case CHECKPOINTED ->
          new PositionCheckpointed(
              SessionProtoMapper.fromData(PositionCheckpointedData.parseFrom(bytes).getProgress()));
      case STOPPED -> {
        PlaybackStoppedData d = PlaybackStoppedData.parseFrom(bytes);
        yield new PlaybackStopped(
            SessionProtoMapper.fromData(d.getReason()),
            SessionProtoMapper.fromData(d.getProgress()),
            d.getAtMs());
      }
      case STEERING_DECIDED ->
          new SteeringDecided(
              SessionProtoMapper.fromData(SteeringDecidedData.parseFrom(bytes).getDecision()));
      case SNAPSHOT -> SessionProtoMapper.fromSnapshot(SessionSnapshotData.parseFrom(bytes));
      default -> throw unknown(manifest);
    };
  }
}
