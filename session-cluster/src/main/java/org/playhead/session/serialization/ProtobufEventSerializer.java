package org.playhead.session.serialization;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.NotSerializableException;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * What every persisted-event serializer here shares: a fixed identifier, versioned manifests, and
 * corrupt or unknown bytes reported as {@link NotSerializableException} (which Pekko turns into a
 * failed recovery rather than a wrong state).
 */
abstract class ProtobufEventSerializer extends SerializerWithStringManifest {
  private final int identifier;

  ProtobufEventSerializer(int identifier) {
    this.identifier = identifier;
  }

  @Override
  public final int identifier() {
    return identifier;
  }

  @Override
  public final Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      return decode(bytes, manifest);
    } catch (InvalidProtocolBufferException e) {
      NotSerializableException failure =
          new NotSerializableException("Corrupt " + manifest + ": " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  /** The value for {@code manifest}; {@link #unknown} for a manifest this version does not know. */
  abstract Object decode(byte[] bytes, String manifest)
      throws InvalidProtocolBufferException, NotSerializableException;

  static NotSerializableException unknown(String manifest) {
    return new NotSerializableException("Unknown manifest " + manifest);
  }

  static IllegalArgumentException cannotSerialize(Object o) {
    return new IllegalArgumentException("Cannot serialize " + o.getClass());
  }
}
