package org.playhead.session.serialization;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.playhead.session.ProfileBookmarks;
import org.playhead.session.ProfileBookmarks.PositionRecorded;
import org.playhead.session.ProfileBookmarks.TitleFinished;
import org.playhead.session.serialization.proto.BookmarksSnapshotData;
import org.playhead.session.serialization.proto.PositionRecordedData;
import org.playhead.session.serialization.proto.TitleFinishedData;

/**
 * Persists the ProfileBookmarks entity's events and snapshots as protobuf. Manifests are stable
 * names with a version suffix; a new shape of an event gets a new manifest and the old one keeps
 * reading.
 */
public final class BookmarkEventSerializer extends ProtobufEventSerializer {

  /** Registered in serialization.conf; never change it once data exists. */
  public static final int IDENTIFIER = 4202;

  static final String RECORDED = "PositionRecorded.v1";
  static final String FINISHED = "TitleFinished.v1";
  static final String SNAPSHOT = "BookmarksSnapshot.v1";

  public BookmarkEventSerializer(ExtendedActorSystem system) {
    this();
  }

  /** For tests and tools that need no actor system. */
  public BookmarkEventSerializer() {
    super(IDENTIFIER);
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof PositionRecorded) {
      return RECORDED;
    } else if (o instanceof TitleFinished) {
      return FINISHED;
    } else if (o instanceof ProfileBookmarks.State) {
      return SNAPSHOT;
    }
    throw cannotSerialize(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof PositionRecorded e) {
      return PositionRecordedData.newBuilder()
          .setBookmark(BookmarkProtoMapper.toData(e.bookmark()))
          .addAllEvictedTitleIds(e.evictedTitleIds())
          .build()
          .toByteArray();
    } else if (o instanceof TitleFinished e) {
      return TitleFinishedData.newBuilder()
          .setBookmark(BookmarkProtoMapper.toData(e.bookmark()))
          .addAllEvictedTitleIds(e.evictedTitleIds())
          .build()
          .toByteArray();
    } else if (o instanceof ProfileBookmarks.State s) {
      return BookmarkProtoMapper.toSnapshot(s).toByteArray();
    }
    throw cannotSerialize(o);
  }

  @Override
  Object decode(byte[] bytes, String manifest)
      throws InvalidProtocolBufferException, NotSerializableException {
    return switch (manifest) {
      case RECORDED -> {
        PositionRecordedData d = PositionRecordedData.parseFrom(bytes);
        yield new PositionRecorded(
            BookmarkProtoMapper.fromData(d.getBookmark(), false), d.getEvictedTitleIdsList());
      }
      case FINISHED -> {
        TitleFinishedData d = TitleFinishedData.parseFrom(bytes);
        yield new TitleFinished(
            BookmarkProtoMapper.fromData(d.getBookmark(), true), d.getEvictedTitleIdsList());
      }
      case SNAPSHOT -> BookmarkProtoMapper.fromSnapshot(BookmarksSnapshotData.parseFrom(bytes));
      default -> throw unknown(manifest);
    };
  }
}
