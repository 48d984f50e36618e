package org.playhead.chaos.load;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.session.security.Principal;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenMinter;

/**
 * CONTRACT FAKE (chaos-cluster branch only): real HTTP players (start, heartbeats, stop), so the
 * drill flow runs end to end before the real simulator is merged. HTTP only, no churn.
 */
public final class PlayerSimulator implements AutoCloseable {
  private final SimulatorConfig config;
  private final List<NodeEndpoint> nodes;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final ConcurrentLinkedQueue<Operation> ops = new ConcurrentLinkedQueue<>();
  private final List<Player> players = new ArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();

  private final class Player {
    final String sessionId;
    final String accountId;
    final String token;
    final AtomicLong sn = new AtomicLong();
    final AtomicBoolean busy = new AtomicBoolean();
    volatile boolean started;
    volatile int node;
    final long startedAtMs = System.currentTimeMillis();

    Player(String sessionId, String accountId, String token, int node) {
      this.sessionId = sessionId;
      this.accountId = accountId;
      this.token = token;
      this.node = node;
    }
  }

  private PlayerSimulator(SimulatorConfig config, List<NodeEndpoint> nodes, Path devKeysFile) {
    this.config = config;
    this.nodes = List.copyOf(nodes);
    TokenMinter minter =
        new TokenMinter(
            SecuritySettings.fromConfig(
                ConfigFactory.parseMap(
                        Map.of(
                            "playhead.security.dev-keys-file",
                            devKeysFile.toAbsolutePath().toString()))
                    .withFallback(ConfigFactory.load())),
            Clock.systemUTC());
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < config.sessions(); i++) {
      String account = "fake-" + run + "-acc-" + (i % config.accounts());
      String token =
          minter.mint(
              new Principal.Player(account, "p-" + i, "d-" + i, "viewer-" + i),
              Duration.ofHours(3));
      players.add(new Player(UUID.randomUUID().toString(), account, token, i % nodes.size()));
    }
  }

  public static PlayerSimulator start(
      SimulatorConfig config, List<NodeEndpoint> nodes, Path devKeysFile) {
    PlayerSimulator sim = new PlayerSimulator(config, nodes, devKeysFile);
    sim.run();
    return sim;
  }

  private void run() {
    Random random = new Random(config.seed());
    long interval = config.heartbeatInterval().toMillis();
    long rampMs = Math.max(1000, config.sessions() * 5L); // 200 starts per second
    for (int i = 0; i < players.size(); i++) {
      Player p = players.get(i);
      long delay = rampMs * i / players.size();
      scheduler.scheduleAtFixedRate(
          () -> tick(p), delay, interval + random.nextInt(50), TimeUnit.MILLISECONDS);
    }
  }

  private void tick(Player p) {
    if (stopped.get() || !p.busy.compareAndSet(false, true)) {
      return;
    }
    if (!p.started) {
      send(
          p,
          OperationKind.START,
          "/v1/sessions",
          """
          {"sessionId":"%s","titleId":"title-1","device":{"deviceType":"tv","drmSecurityLevel":3,"hdcp":"V2_2"}}
          """
              .formatted(p.sessionId));
    } else {
      long sn = p.sn.incrementAndGet();
      long pt = System.currentTimeMillis() - p.startedAtMs;
      send(
          p,
          OperationKind.HEARTBEAT,
          "/v1/sessions/" + p.sessionId + "/heartbeats",
          "{\"sn\":%d,\"sta\":\"p\",\"pt\":%d}".formatted(sn, pt));
    }
  }

  private void send(Player p, OperationKind kind, String path, String body) {
    NodeEndpoint node = nodes.get(p.node);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.apiUrl() + path))
            .timeout(Duration.ofSeconds(6))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + p.token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    Instant at = Instant.now();
    long started = System.nanoTime();
    inFlight.incrementAndGet();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              inFlight.decrementAndGet();
              Duration latency = Duration.ofNanos(System.nanoTime() - started);
              boolean ok = failure == null && response.statusCode() / 100 == 2;
              String error =
                  ok
                      ? null
                      : failure != null
                          ? "io " + failure.getClass().getSimpleName()
                          : (response.statusCode() == 409 ? Operation.ENDED_PREFIX : "")
                          + response.statusCode()
                          + " "
                          + problemType(response.body());
              long pos = kind == OperationKind.START ? 0 : p.sn.get();
              ops.add(
                  new Operation(
                      at, latency, p.sessionId, p.accountId, node.name(), "http", kind, ok, pos,
                      error));
              if (ok && kind == OperationKind.START) {
                p.started = true;
              }
              if (!ok) {
                p.node = (p.node + 1) % nodes.size(); // as a load balancer would
              }
              p.busy.set(false);
            });
  }

  private static String problemType(String body) {
    int i = body.indexOf("problems/");
    if (i < 0) {
      return "";
    }
    int end = body.indexOf('"', i);
    return end < 0 ? "" : body.substring(i + 9, end);
  }

  public SteadyState steadyState() {
    Instant since = Instant.now().minusSeconds(5);
    long starts = 0;
    long beats = 0;
    long okBeats = 0;
    List<Long> latencies = new ArrayList<>();
    for (Operation op : ops) {
      if (op.at().isBefore(since)) {
        continue;
      }
      if (op.kind() == OperationKind.START && op.acknowledged()) {
        starts++;
      }
      if (op.kind() == OperationKind.HEARTBEAT) {
        beats++;
        if (op.acknowledged()) {
          okBeats++;
          latencies.add(op.latency().toMillis());
        }
      }
    }
    latencies.sort(null);
    double p99 = latencies.isEmpty() ? 0 : latencies.get((int) (latencies.size() * 0.99));
    return new SteadyState(starts / 5.0, beats == 0 ? 1.0 : (double) okBeats / beats, p99);
  }

  public OperationLedger ledgerSoFar() {
    return new OperationLedger(new ArrayList<>(ops));
  }

  public OperationLedger stop() {
    if (stopped.compareAndSet(false, true)) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        while (inFlight.get() > 0) {
          Thread.sleep(20);
        }
        CountDownLatch done = new CountDownLatch(players.size());
        for (Player p : players) {
          if (!p.started) {
            done.countDown();
            continue;
          }
          p.busy.set(true);
          sendStop(p, done);
        }
        done.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ledgerSoFar();
  }

  private void sendStop(Player p, CountDownLatch done) {
    NodeEndpoint node = nodes.get(p.node);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.apiUrl() + "/v1/sessions/" + p.sessionId + "/stop"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + p.token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"user\"}"))
            .build();
    Instant at = Instant.now();
    long started = System.nanoTime();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              boolean ok = failure == null && response.statusCode() / 100 == 2;
              ops.add(
                  new Operation(
                      at,
                      Duration.ofNanos(System.nanoTime() - started),
                      p.sessionId,
                      p.accountId,
                      node.name(),
                      "http",
                      OperationKind.STOP,
                      ok,
                      0,
                      ok ? null : failure != null ? "io" : String.valueOf(response.statusCode())));
              done.countDown();
            });
  }

  @Override
  public void close() {
    stopped.set(true);
    scheduler.shutdownNow();
  }
}
