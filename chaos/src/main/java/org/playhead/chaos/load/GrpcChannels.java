package org.playhead.chaos.load;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.grpc.GrpcClientSettings;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.protocol.session.v1.PlaybackServiceClient;

/**
 * The simulator's gRPC connections: per node, a few for unary calls (with a deadline: a frozen node
 * must not hold a player for ever) and a few for heartbeat streams (which cannot have one).
 *
 * <p>A few, not one: a node serves at most 256 concurrent streams on one HTTP/2 connection
 * (pekko-http's {@code max-concurrent-streams}); calls beyond that wait in the client and time out.
 * Real players each have a connection of their own; the simulator shares one among at most {@link
 * #CALLS_PER_CONNECTION} players, so that even when every player has moved to one node, every
 * player's call or stream has room.
 */
final class GrpcChannels {
  static final int CALLS_PER_CONNECTION = 200;

  private final List<List<PlaybackServiceClient>> unary = new ArrayList<>();
  private final List<List<PlaybackServiceClient>> streaming = new ArrayList<>();

  /**
   * @param grpcPlayers players that make unary calls (every gRPC player starts and stops so)
   * @param streamPlayers players that keep a heartbeat stream
   */
  GrpcChannels(
      List<NodeEndpoint> nodes,
      int grpcPlayers,
      int streamPlayers,
      Duration deadline,
      ClassicActorSystemProvider system) {
    int unaryPool = pool(grpcPlayers);
    int streamPool = pool(streamPlayers);
    for (NodeEndpoint node : nodes) {
      GrpcClientSettings settings =
          GrpcClientSettings.connectToServiceAt(node.host(), node.apiPort(), system)
              .withTls(false)
              // Keep reconnecting: a killed node may come back.
              .withConnectionAttempts(-1)
              // A player retries on its own (another node, with backoff); grpc-java's transparent
              // retries would only buffer every call's messages for nothing (JFR: about 4% of the
              // simulator's samples in io.grpc.internal.RetriableStream).
              .withChannelBuilderOverrides(NettyChannelBuilder::disableRetry);
      List<PlaybackServiceClient> calls = new ArrayList<>();
      for (int i = 0; i < unaryPool; i++) {
        calls.add(PlaybackServiceClient.create(settings.withDeadline(deadline), system));
      }
      List<PlaybackServiceClient> streams = new ArrayList<>();
      for (int i = 0; i < streamPool; i++) {
        streams.add(PlaybackServiceClient.create(settings, system));
      }
      unary.add(calls);
      streaming.add(streams);
    }
  }

  static int pool(int players) {
    return Math.max(1, (players + CALLS_PER_CONNECTION - 1) / CALLS_PER_CONNECTION);
  }

  /** The client for a player's unary calls to a node ({@code slot}: the player's number). */
  PlaybackServiceClient unary(int node, int slot) {
    List<PlaybackServiceClient> pool = unary.get(node);
    return pool.get(slot % pool.size());
  }

  /** The client for a player's heartbeat stream to a node. */
  PlaybackServiceClient streaming(int node, int slot) {
    List<PlaybackServiceClient> pool = streaming.get(node);
    return pool.get(slot % pool.size());
  }

  /** How many connections (clients) there are in all. */
  int connections() {
    return unary.stream().mapToInt(List::size).sum()
        + streaming.stream().mapToInt(List::size).sum();
  }

  void close() {
    unary.forEach(pool -> pool.forEach(PlaybackServiceClient::close));
    streaming.forEach(pool -> pool.forEach(PlaybackServiceClient::close));
  }
}
