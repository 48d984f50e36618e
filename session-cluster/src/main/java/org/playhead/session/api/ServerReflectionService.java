package org.playhead.session.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.playhead.protocol.reflection.v1.ErrorResponse;
import org.playhead.protocol.reflection.v1.ExtensionNumberResponse;
import org.playhead.protocol.reflection.v1.FileDescriptorResponse;
import org.playhead.protocol.reflection.v1.ListServiceResponse;
import org.playhead.protocol.reflection.v1.ServerReflection;
import org.playhead.protocol.reflection.v1.ServerReflectionRequest;
import org.playhead.protocol.reflection.v1.ServerReflectionResponse;
import org.playhead.protocol.reflection.v1.ServiceResponse;

/**
 * gRPC server reflection, both versions tools use: {@code grpc.reflection.v1} (grpcurl asks it
 * first) and {@code grpc.reflection.v1alpha} (Postman, older grpcurl). Each request on the stream
 * is answered as it arrives, while the client holds the stream open, as those tools expect (the
 * node lets these streams through unread, see {@link GrpcErrors#limited}).
 *
 * <p>The two versions' messages are the same on the wire, so v1alpha requests are read as v1 and
 * answered by the same code. The index of files and symbols is built once.
 */
final class ServerReflectionService implements ServerReflection {
  private final List<String> services;
  private final Map<String, Descriptors.FileDescriptor> filesByName = new HashMap<>();
  private final Map<String, Descriptors.FileDescriptor> filesBySymbol = new HashMap<>();
  private final Map<String, Descriptors.FieldDescriptor> extensionsByType = new HashMap<>();

  /**
   * @param files the files of the services served (their dependencies are found from them)
   */
  ServerReflectionService(List<Descriptors.FileDescriptor> files) {
    Set<String> names = new LinkedHashSet<>();
    Deque<Descriptors.FileDescriptor> pending = new ArrayDeque<>(files);
    while (!pending.isEmpty()) {
      Descriptors.FileDescriptor file = pending.pop();
      if (filesByName.putIfAbsent(file.getName(), file) != null) {
        continue;
      }
      pending.addAll(file.getDependencies());
      for (Descriptors.ServiceDescriptor service : file.getServices()) {
        filesBySymbol.put(service.getFullName(), file);
        service.getMethods().forEach(m -> filesBySymbol.put(m.getFullName(), file));
      }
      file.getMessageTypes().forEach(m -> indexMessage(m, file));
      file.getEnumTypes().forEach(e -> filesBySymbol.put(e.getFullName(), file));
      file.getExtensions().forEach(this::indexExtension);
    }
    for (Descriptors.FileDescriptor file : files) {
      file.getServices().forEach(s -> names.add(s.getFullName()));
    }
    this.services = List.copyOf(names);
  }

  private void indexMessage(Descriptors.Descriptor message, Descriptors.FileDescriptor file) {
    filesBySymbol.put(message.getFullName(), file);
    message.getNestedTypes().forEach(m -> indexMessage(m, file));
    message.getEnumTypes().forEach(e -> filesBySymbol.put(e.getFullName(), file));
    message.getExtensions().forEach(this::indexExtension);
  }

  private void indexExtension(Descriptors.FieldDescriptor extension) {
    extensionsByType.put(
        extension.getContainingType().getFullName() + "#" + extension.getNumber(), extension);
  }

  @Override
  public Source<ServerReflectionResponse, NotUsed> serverReflectionInfo(
      Source<ServerReflectionRequest, NotUsed> in) {
    return in.map(this::answer);
  }

  /** The same service as {@code grpc.reflection.v1alpha}, whose messages are v1's on the wire. */
  org.playhead.protocol.reflection.v1alpha.ServerReflection v1alpha() {
    return in ->
        in.map(
            request ->
                org.playhead.protocol.reflection.v1alpha.ServerReflectionResponse.parseFrom(
                    answer(v1(request.toByteString())).toByteString()));
  }

  private static ServerReflectionRequest v1(ByteString bytes)
      throws InvalidProtocolBufferException {
    return ServerReflectionRequest.parseFrom(bytes);
  }

  ServerReflectionResponse answer(ServerReflectionRequest request) {
    ServerReflectionResponse.Builder response =
        ServerReflectionResponse.newBuilder()
            .setValidHost(request.getHost())
            .setOriginalRequest(request);
    switch (request.getMessageRequestCase()) {
      case LIST_SERVICES -> {
        ListServiceResponse.Builder list = ListServiceResponse.newBuilder();
        services.forEach(name -> list.addService(ServiceResponse.newBuilder().setName(name)));
        response.setListServicesResponse(list);
      }
      case FILE_BY_FILENAME -> withFile(response, filesByName.get(request.getFileByFilename()));
      case FILE_CONTAINING_SYMBOL ->
          withFile(response, filesBySymbol.get(request.getFileContainingSymbol()));
      case FILE_CONTAINING_EXTENSION -> {
        Descriptors.FieldDescriptor extension =
            extensionsByType.get(
                request.getFileContainingExtension().getContainingType()
                    + "#"
                    + request.getFileContainingExtension().getExtensionNumber());
        withFile(response, extension == null ? null : extension.getFile());
      }
      case ALL_EXTENSION_NUMBERS_OF_TYPE -> {
        String type = request.getAllExtensionNumbersOfType();
        if (!filesBySymbol.containsKey(type)) {
          response.setErrorResponse(notFound("No message type " + type + "."));
        } else {
          ExtensionNumberResponse.Builder numbers =
              ExtensionNumberResponse.newBuilder().setBaseTypeName(type);
          extensionsByType.values().stream()
              .filter(e -> e.getContainingType().getFullName().equals(type))
              .forEach(e -> numbers.addExtensionNumber(e.getNumber()));
          response.setAllExtensionNumbersResponse(numbers);
        }
      }
      case MESSAGEREQUEST_NOT_SET ->
          response.setErrorResponse(
              ErrorResponse.newBuilder()
                  .setErrorCode(Status.Code.INVALID_ARGUMENT.value())
                  .setErrorMessage("The request asks for nothing."));
    }
    return response.build();
  }

  /** The file and every file it depends on, the file itself first, as grpcurl needs them. */
  private void withFile(
      ServerReflectionResponse.Builder response, Descriptors.FileDescriptor file) {
    if (file == null) {
      response.setErrorResponse(notFound("Not found."));
      return;
    }
    Map<String, Descriptors.FileDescriptor> all = new LinkedHashMap<>();
    Deque<Descriptors.FileDescriptor> pending = new ArrayDeque<>(List.of(file));
    while (!pending.isEmpty()) {
      Descriptors.FileDescriptor next = pending.pop();
      if (all.putIfAbsent(next.getName(), next) == null) {
        pending.addAll(next.getDependencies());
      }
    }
    List<ByteString> protos = new ArrayList<>(all.size());
    all.values().forEach(f -> protos.add(f.toProto().toByteString()));
    response.setFileDescriptorResponse(
        FileDescriptorResponse.newBuilder().addAllFileDescriptorProto(protos));
  }

  private static ErrorResponse notFound(String message) {
    return ErrorResponse.newBuilder()
        .setErrorCode(Status.Code.NOT_FOUND.value())
        .setErrorMessage(message)
        .build();
  }
}
