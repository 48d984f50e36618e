package org.playhead.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.playhead.protocol.session.v1.HeartbeatRequest;

/**
 * What a node does with a heartbeat's bytes before the entity sees it: JSON (the HTTP route), a
 * CMCD v2 event-mode body, and the gRPC message, each parsed and validated into a report.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HeartbeatParsingBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SESSION = "s-5b2d0f6e-3c1a-4d8e-9f7a-2b6c8d0e1f3a";

  private final byte[] json =
      "{\"sn\":413,\"sta\":\"p\",\"pt\":1236000,\"br\":4500,\"bl\":20000,\"mtp\":12000}".getBytes();
  private final String cmcd =
      "sid=\"" + SESSION + "\",sn=413,sta=p,pt=1236000,br=4500,bl=20000,mtp=12000,e=t\n";
  private final HeartbeatRequest grpc =
      HeartbeatRequest.newBuilder()
          .setSessionId(SESSION)
          .setSequenceNumber(413)
          .setPlayheadMs(1_236_000)
          .setPlayerState(org.playhead.protocol.session.v1.PlayerState.PLAYER_STATE_PLAYING)
          .setEncodedBitrateKbps(4_500)
          .setBufferLengthMs(20_000)
          .setMeasuredThroughputKbps(12_000)
          .build();

  @Benchmark
  public Object json() throws Exception {
    JsonNode body = MAPPER.readTree(json);
    return HeartbeatInputs.fromJson(body, SESSION);
  }

  @Benchmark
  public Object cmcdBody() {
    return HeartbeatInputs.fromCmcdBody(cmcd, SESSION);
  }

  @Benchmark
  public Object grpc() {
    return HeartbeatInputs.fromGrpc(grpc);
  }
}
