// The bench suite's gRPC load driver (bench/run); a single-file program run with the node's classpath:
//   java -cp "$CP" bench/GrpcHeartbeatLoad.java --mode MODE --port 8089 --keys-file K --prefix P ...
//
// Sessions are P-1..P-N. Their owner is one player (--one-player true: account P-a0, device d0) or
// --accounts-of K sessions per account, one device each. Tokens are minted from the node's dev keys.
//
//   start   StartPlayback for every session: closed loop with --concurrency calls in flight, or open
//           loop at --rate starts/s (a latency target is stated at a rate)
//   unary   closed-loop Heartbeat calls, --concurrency in flight, sessions round-robin, each with its
//           own rising sequence number so every heartbeat is applied
//   stream  --streams StreamHeartbeats calls, each owning a slice of the sessions and keeping
//           --window heartbeats in flight
//   paced   every session heartbeats once per --interval-ms (unary), as real players do
//   touch   GetSession for every session once (after a restart: one recovery each), closed loop
//   stop    StopPlayback for every session once, closed loop (or --rate)
//
// --service baseline sends unary/stream heartbeats to the bare echo (playhead.bench.v1) instead.
// --owners-file F (start): writes "session-id owner-url" per started session, the start answer's
// owner hint, so that a load can send each session's heartbeats to the node that holds it.
// Prints one JSON line: ok, errors, requests/s, latency percentiles.
import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import com.google.protobuf.Message;
import org.playhead.protocol.session.v1.Device;
import org.playhead.protocol.session.v1.GetSessionRequest;
import org.playhead.protocol.session.v1.HeartbeatRequest;
import org.playhead.protocol.session.v1.HeartbeatResponse;
import org.playhead.protocol.session.v1.PlayerCommand;
import org.playhead.protocol.session.v1.PlayerState;
import org.playhead.protocol.session.v1.Session;
import org.playhead.protocol.session.v1.StartPlaybackRequest;
import org.playhead.protocol.session.v1.StartPlaybackResponse;
import org.playhead.protocol.session.v1.StopPlaybackRequest;
import org.playhead.protocol.session.v1.StopPlaybackResponse;
import org.playhead.session.security.Principal;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenMinter;

public final class GrpcHeartbeatLoad {
  static final Map<String, String> opts = new HashMap<>();
  static final String PLAYBACK = "playhead.session.v1.PlaybackService";
  static final String BASELINE = "playhead.bench.v1.BaselineEcho";
  /** Each started session's owner hint (--owners-file). */
  static final Map<String, String> OWNER_URLS = new java.util.concurrent.ConcurrentHashMap<>();

  static String opt(String name, String fallback) {
    return opts.getOrDefault(name, fallback);
  }

  static int intOpt(String name, int fallback) {
    return Integer.parseInt(opt(name, String.valueOf(fallback)));
  }

  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String mode = opt("mode", "unary");
    Load load = new Load(intOpt("sessions", 1000), opt("prefix", "bench"), Long.parseLong(opt("first-sn", "1000")));
    List<ManagedChannel> pool = new ArrayList<>();
    for (int i = 0; i < intOpt("channels", 2); i++) {
      pool.add(NettyChannelBuilder.forAddress("127.0.0.1", intOpt("port", 8089)).usePlaintext().build());
    }
    Owners owners = new Owners(load, opt("keys-file", ".playhead/dev-keys.json"), opt("token", null));
    String result;
    switch (mode) {
      case "start" -> result = once(load, pool, owners, "start", GrpcHeartbeatLoad::startRequest,
          unary(PLAYBACK, "StartPlayback", StartPlaybackRequest.getDefaultInstance(), StartPlaybackResponse.getDefaultInstance()));
      case "touch" -> result = once(load, pool, owners, "touch",
          i -> GetSessionRequest.newBuilder().setSessionId(load.sessionId(i)).build(),
          unary(PLAYBACK, "GetSession", GetSessionRequest.getDefaultInstance(), Session.getDefaultInstance()));
      case "stop" -> result = once(load, pool, owners, "stop",
          i -> StopPlaybackRequest.newBuilder().setSessionId(load.sessionId(i)).build(),
          unary(PLAYBACK, "StopPlayback", StopPlaybackRequest.getDefaultInstance(), StopPlaybackResponse.getDefaultInstance()));
      case "unary", "paced" -> result = heartbeats(load, pool, owners, mode);
      case "stream" -> result = streams(load, pool, owners);
      default -> throw new IllegalArgumentException("unknown --mode " + mode);
    }
    System.out.println(result);
    if (opts.containsKey("owners-file")) {
      StringBuilder lines = new StringBuilder();
      OWNER_URLS.forEach((session, owner) -> lines.append(session).append(' ').append(owner).append('\n'));
      java.nio.file.Files.writeString(java.nio.file.Path.of(opt("owners-file", "")), lines);
    }
    for (ManagedChannel channel : pool) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  static <Q extends Message, A extends Message> MethodDescriptor<Q, A> unary(String service, String name, Q request, A answer) {
    return MethodDescriptor.<Q, A>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(answer))
        .build();
  }

  static StartPlaybackRequest startRequest(Load load, Owners owners, int i) {
    return StartPlaybackRequest.newBuilder()
        .setSessionId(load.sessionId(i))
        .setAccountId(owners.account(i))
        .setProfileId("p")
        .setDevice(Device.newBuilder().setDeviceId(owners.device(i)).setDeviceType("tv"))
        .setTitleId("title-" + (i % 1000))
        .build();
  }

  interface RequestFor<Q> {
    Q request(Load load, Owners owners, int session);
  }

  /** One call per session (start, touch): closed loop, or open loop at --rate calls/s. */
  static <Q extends Message, A> String once(Load load, List<ManagedChannel> pool, Owners owners, String mode,
      java.util.function.IntFunction<Q> simple, MethodDescriptor<Q, A> method) throws Exception {
    return once(load, pool, owners, mode, (l, o, i) -> simple.apply(i), method);
  }

  static <Q extends Message, A> String once(Load load, List<ManagedChannel> pool, Owners owners, String mode,
      RequestFor<Q> requests, MethodDescriptor<Q, A> method) throws Exception {
    double rate = Double.parseDouble(opt("rate", "0"));
    AtomicLong issued = new AtomicLong();
    AtomicLong done = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(1);
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      long i = issued.getAndIncrement();
      if (i >= load.sessions) {
        return;
      }
      int session = (int) i;
      long sent = System.nanoTime();
      call(pool, owners, session, method, requests.request(load, owners, session), ok -> {
        if (ok == null) {
          load.record(System.nanoTime() - sent);
        } else {
          load.error(ok);
        }
        if (done.incrementAndGet() == load.sessions) {
          finished.countDown();
        }
        if (rate <= 0) {
          next[0].run();
        }
      });
    };
    long started = System.nanoTime();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    if (rate > 0) {
      ticker.scheduleAtFixedRate(next[0], 0, (long) (1e9 / rate), TimeUnit.NANOSECONDS);
    } else {
      for (int c = 0; c < intOpt("concurrency", 64); c++) {
        next[0].run();
      }
    }
    finished.await();
    ticker.shutdownNow();
    return load.summary(mode, (System.nanoTime() - started) / 1e9, rate > 0 ? ",\"rate\":" + rate : "");
  }

  /** A unary call with the session owner's token; `done` gets null on success, else the error. */
  static <Q, A> void call(List<ManagedChannel> pool, Owners owners, int session, MethodDescriptor<Q, A> method, Q request,
      Consumer<String> done) {
    ManagedChannel channel = pool.get(session % pool.size());
    ClientCall<Q, A> call = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(owners.auth(session)))
        .newCall(method, CallOptions.DEFAULT);
    ClientCalls.asyncUnaryCall(call, request, new StreamObserver<A>() {
      boolean answered;

      public void onNext(A value) {
        answered = true;
        if (value instanceof StartPlaybackResponse started) {
          OWNER_URLS.put(started.getSession().getSessionId(), started.getOwnerUrl());
        }
      }

      public void onError(Throwable t) {
        done.accept(Status.fromThrowable(t).toString());
      }

      public void onCompleted() {
        done.accept(answered ? null : "no answer");
      }
    });
  }

  /** unary: closed loop for --seconds after --warmup; paced: each session every --interval-ms. */
  static String heartbeats(Load load, List<ManagedChannel> pool, Owners owners, String mode) throws Exception {
    String service = opt("service", "playhead").equals("baseline") ? BASELINE : PLAYBACK;
    MethodDescriptor<HeartbeatRequest, HeartbeatResponse> method =
        unary(service, "Heartbeat", HeartbeatRequest.getDefaultInstance(), HeartbeatResponse.getDefaultInstance());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    if (mode.equals("paced")) {
      // Every 10 ms, send the heartbeats that fell due: sessions round-robin at sessions/interval per second.
      double perTick = load.sessions * 10.0 / intOpt("interval-ms", 1000);
      double[] owed = {0};
      AtomicLong cursor = new AtomicLong();
      ticker.scheduleAtFixedRate(() -> {
        owed[0] += perTick;
        for (; owed[0] >= 1 && !load.stop; owed[0]--) {
          int session = (int) (cursor.getAndIncrement() % load.sessions);
          long sent = System.nanoTime();
          call(pool, owners, session, method, load.heartbeat(session), error -> load.outcome(error, sent));
        }
      }, 0, 10, TimeUnit.MILLISECONDS);
    } else {
      for (int c = 0; c < intOpt("concurrency", 64); c++) {
        new UnaryLoop(load, pool, owners, method).next();
      }
    }
    return measure(load, mode, ticker);
  }

  static String measure(Load load, String mode, ScheduledExecutorService ticker) throws InterruptedException {
    Thread.sleep(intOpt("warmup", 5) * 1000L);
    load.reset();
    long started = System.nanoTime();
    Thread.sleep(intOpt("seconds", 20) * 1000L);
    load.stop = true;
    double elapsed = (System.nanoTime() - started) / 1e9;
    ticker.shutdownNow();
    return load.summary(mode, elapsed, ",\"service\":\"" + opt("service", "playhead") + "\"");
  }

  static final class UnaryLoop {
    final Load load;
    final List<ManagedChannel> pool;
    final Owners owners;
    final MethodDescriptor<HeartbeatRequest, HeartbeatResponse> method;

    UnaryLoop(Load load, List<ManagedChannel> pool, Owners owners, MethodDescriptor<HeartbeatRequest, HeartbeatResponse> method) {
      this.load = load;
      this.pool = pool;
      this.owners = owners;
      this.method = method;
    }

    void next() {
      if (load.stop) {
        return;
      }
      int session = load.nextSession();
      long sent = System.nanoTime();
      call(pool, owners, session, method, load.heartbeat(session), error -> {
        load.outcome(error, sent);
        next();
      });
    }
  }

  static String streams(Load load, List<ManagedChannel> pool, Owners owners) throws Exception {
    String service = opt("service", "playhead").equals("baseline") ? BASELINE : PLAYBACK;
    MethodDescriptor<HeartbeatRequest, PlayerCommand> method =
        MethodDescriptor.<HeartbeatRequest, PlayerCommand>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "StreamHeartbeats"))
            .setRequestMarshaller(ProtoUtils.marshaller(HeartbeatRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(PlayerCommand.getDefaultInstance()))
            .build();
    int streams = intOpt("streams", 32);
    for (int s = 0; s < streams; s++) {
      ManagedChannel channel = pool.get(s % pool.size());
      int first = s;
      int[] slice = IntStream.range(0, load.sessions).filter(i -> i % streams == first).toArray();
      if (slice.length > 0) {
        ClientCall<HeartbeatRequest, PlayerCommand> call =
            ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(owners.auth(slice[0])))
                .newCall(method, CallOptions.DEFAULT);
        new StreamLoop(load, call, slice, intOpt("window", 8)).start();
      }
    }
    return measure(load, "stream", Executors.newSingleThreadScheduledExecutor());
  }

  /** One heartbeat stream: its own slice of the sessions (in order per session), `window` in flight. */
  static final class StreamLoop extends ClientCall.Listener<PlayerCommand> {
    final Load load;
    final ClientCall<HeartbeatRequest, PlayerCommand> call;
    final int[] sessions;
    final ConcurrentLinkedQueue<Long> sentAt = new ConcurrentLinkedQueue<>();
    final int window;
    int cursor;

    StreamLoop(Load load, ClientCall<HeartbeatRequest, PlayerCommand> call, int[] sessions, int window) {
      this.load = load;
      this.call = call;
      this.sessions = sessions;
      this.window = window;
    }

    void start() {
      call.start(this, new Metadata());
      call.request(Integer.MAX_VALUE);
      for (int i = 0; i < window; i++) {
        send();
      }
    }

    synchronized void send() {
      if (load.stop) {
        return;
      }
      sentAt.add(System.nanoTime());
      call.sendMessage(load.heartbeat(sessions[cursor++ % sessions.length]));
    }

    @Override
    public void onMessage(PlayerCommand message) {
      Long sent = sentAt.poll();
      if (message.hasHeartbeatAck() && sent != null) {
        load.record(System.nanoTime() - sent);
      } else {
        load.error(message.getCommandCase().toString());
      }
      send();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (!load.stop) {
        load.error("stream closed: " + status);
      }
    }
  }

  /** Who owns session i, and the bearer token that proves it. */
  static final class Owners {
    final boolean onePlayer = Boolean.parseBoolean(opt("one-player", "false"));
    final int accountsOf = intOpt("accounts-of", 4);
    final Load load;
    final TokenMinter minter;
    final Metadata shared;

    Owners(Load load, String keysFile, String token) {
      this.load = load;
      this.minter = new TokenMinter(
          SecuritySettings.fromConfig(ConfigFactory.parseMap(Map.of("playhead.security.dev-keys-file", keysFile))
              .withFallback(ConfigFactory.load())),
          Clock.systemUTC());
      String sharedToken = token != null ? token : onePlayer ? mint(0) : null;
      this.shared = sharedToken == null ? null : header(sharedToken);
    }

    String account(int i) {
      return load.prefix + "-a" + (onePlayer ? 0 : i / accountsOf);
    }

    String device(int i) {
      return "d" + (onePlayer ? 0 : i % accountsOf);
    }

    private String mint(int i) {
      return minter.mint(new Principal.Player(account(i), "p", device(i), account(i)), Duration.ofHours(12));
    }

    Metadata auth(int i) {
      return shared != null ? shared : header(mint(i));
    }

    private static Metadata header(String token) {
      Metadata metadata = new Metadata();
      metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      return metadata;
    }
  }

  /** Sessions, sequence numbers and the outcome counters; latency samples bounded in memory. */
  static final class Load {
    final int sessions;
    final String prefix;
    final AtomicLongArray nextSn;
    final AtomicLong cursor = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final long[] samples = new long[4_000_000];
    final AtomicLong sampleIndex = new AtomicLong();
    volatile boolean stop;
    volatile String firstError;

    Load(int sessions, String prefix, long firstSn) {
      this.sessions = sessions;
      this.prefix = prefix;
      this.nextSn = new AtomicLongArray(sessions);
      for (int i = 0; i < sessions; i++) {
        nextSn.set(i, firstSn);
      }
    }

    String sessionId(int i) {
      return prefix + "-" + (i + 1);
    }

    HeartbeatRequest heartbeat(int session) {
      long sn = nextSn.getAndIncrement(session);
      return HeartbeatRequest.newBuilder()
          .setSessionId(sessionId(session))
          .setContentId("t")
          .setSequenceNumber(sn)
          // A second per heartbeat, kept under the 48 h a position may be.
          .setPlayheadMs((sn % 100_000) * 1000)
          .setPlayerState(PlayerState.PLAYER_STATE_PLAYING)
          .setBufferLengthMs(12_000)
          .setEncodedBitrateKbps(3_000)
          .setMeasuredThroughputKbps(25_000)
          .build();
    }

    int nextSession() {
      return (int) (cursor.getAndIncrement() % sessions);
    }

    void outcome(String error, long sentNanos) {
      if (error == null) {
        record(System.nanoTime() - sentNanos);
      } else {
        error(error);
      }
    }

    void record(long nanos) {
      ok.incrementAndGet();
      long i = sampleIndex.getAndIncrement();
      if (i < samples.length) {
        samples[(int) i] = nanos;
      }
    }

    void error(String what) {
      errors.incrementAndGet();
      if (firstError == null) {
        firstError = what;
      }
    }

    void reset() {
      ok.set(0);
      errors.set(0);
      sampleIndex.set(0);
    }

    String summary(String mode, double seconds, String extra) {
      long[] sorted = Arrays.copyOf(samples, (int) Math.min(samples.length, sampleIndex.get()));
      Arrays.sort(sorted);
      return String.format(
          "{\"mode\":\"%s\"%s,\"sessions\":%d,\"seconds\":%.1f,\"ok\":%d,\"errors\":%d,\"requestsPerSecond\":%.0f,"
              + "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"p999Ms\":%.2f,\"firstError\":\"%s\"}",
          mode, extra, sessions, seconds, ok.get(), errors.get(), ok.get() / seconds,
          pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999),
          firstError == null ? "" : firstError.replaceAll("[\"\\\\\\s]+", " "));
    }

    static double pct(long[] sorted, double q) {
      return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }
  }
}
