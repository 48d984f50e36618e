package org.playhead.session.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.grpc.GrpcClientSettings;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.playhead.protocol.reflection.v1.ServerReflectionClient;
import org.playhead.protocol.reflection.v1.ServerReflectionRequest;
import org.playhead.protocol.reflection.v1.ServerReflectionResponse;
import org.playhead.testkit.NodeLogsOnFailure;
import org.playhead.testkit.NodeProcess;

/**
 * Reflection as grpcurl and Postman use it: one stream held open, each request answered before the
 * next is sent, on both {@code grpc.reflection.v1} and {@code v1alpha}.
 */
@ExtendWith(NodeLogsOnFailure.class)
class ServerReflectionIT {
  static NodeProcess node;
  static ActorSystem<Void> clientSystem;
  static GrpcClientSettings grpc;

  @BeforeAll
  static void start() throws Exception {
    node = NodeProcess.start("reflection", Map.of());
    NodeLogsOnFailure.watch(node);
    clientSystem =
        ActorSystem.create(
            Behaviors.empty(),
            "reflection-client",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference()));
    grpc =
        GrpcClientSettings.connectToServiceAt("127.0.0.1", node.httpPort(), clientSystem)
            .withTls(false);
  }

  @AfterAll
  static void stop() throws Exception {
    clientSystem.terminate();
    node.close();
  }

  /** The next answer, waiting while the request stream stays open (it is never completed here). */
  private static <T> T next(SinkQueueWithCancel<T> answers) throws Exception {
    return answers.pull().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  @Test
  void v1AnswersEachRequestOnAnOpenStream() throws Exception {
    ServerReflectionClient client = ServerReflectionClient.create(grpc, clientSystem);
    var requests =
        Source.<ServerReflectionRequest>queue(8, OverflowStrategy.fail())
            .preMaterialize(clientSystem);
    SourceQueueWithComplete<ServerReflectionRequest> queue = requests.first();
    SinkQueueWithCancel<ServerReflectionResponse> answers =
        client.serverReflectionInfo(requests.second()).runWith(Sink.queue(), clientSystem);

    queue.offer(ServerReflectionRequest.newBuilder().setListServices("*").build());
    ServerReflectionResponse listed = next(answers);
    List<String> services =
        listed.getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList();
    assertTrue(services.contains("playhead.session.v1.PlaybackService"), services::toString);
    assertTrue(services.contains("grpc.reflection.v1.ServerReflection"), services::toString);

    // Still open: the next request on the same stream is answered too, with the file (and any
    // files it imports, which grpcurl needs to build requests).
    queue.offer(
        ServerReflectionRequest.newBuilder()
            .setFileContainingSymbol("playhead.care.v1.CareService.GetSession")
            .build());
    ServerReflectionResponse file = next(answers);
    FileDescriptorProto first =
        FileDescriptorProto.parseFrom(file.getFileDescriptorResponse().getFileDescriptorProto(0));
    assertEquals("playhead/care/v1/care.proto", first.getName());
    assertEquals(
        "playhead/session/v1/playback.proto",
        FileDescriptorProto.parseFrom(file.getFileDescriptorResponse().getFileDescriptorProto(1))
            .getName());

    queue.offer(
        ServerReflectionRequest.newBuilder().setFileContainingSymbol("no.such.Thing").build());
    assertEquals(
        io.grpc.Status.Code.NOT_FOUND.value(), next(answers).getErrorResponse().getErrorCode());
    queue.complete();
    assertTrue(answers.pull().toCompletableFuture().get(10, TimeUnit.SECONDS).isEmpty());
    client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void v1alphaAnswersOnAnOpenStreamToo() throws Exception {
    var client =
        org.playhead.protocol.reflection.v1alpha.ServerReflectionClient.create(grpc, clientSystem);
    var requests =
        Source.<org.playhead.protocol.reflection.v1alpha.ServerReflectionRequest>queue(
                8, OverflowStrategy.fail())
            .preMaterialize(clientSystem);
    var answers =
        client.serverReflectionInfo(requests.second()).runWith(Sink.queue(), clientSystem);
    requests
        .first()
        .offer(
            org.playhead.protocol.reflection.v1alpha.ServerReflectionRequest.newBuilder()
                .setListServices("*")
                .build());
    var listed = next(answers);
    assertTrue(
        listed.getListServicesResponse().getServiceList().stream()
            .anyMatch(s -> s.getName().equals("playhead.care.v1.CareService")),
        listed::toString);
    requests.first().complete();
    client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
