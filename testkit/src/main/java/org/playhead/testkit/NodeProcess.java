package org.playhead.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.playhead.devkit.FreePorts;
import org.playhead.devkit.NodeRuntime;
import org.playhead.devkit.TokenIssuer;
import org.playhead.devkit.TokenSettings;

/**
 * A Playhead node as its own JVM, so that a test can kill -9 it for real, against the real
 * Cassandra. It runs the node's own classpath: the one {@link NodeRuntime#configured()} names (the
 * chaos module's tests, which do not have the node on theirs), else this JVM's (the node's own
 * tests). Every node signs and verifies with the dev keys in {@link #DEV_KEYS}. Output goes to
 * {@code target/nodes/<name>-<port>.log}; {@link NodeLogsOnFailure} prints it when a test fails.
 */
public final class NodeProcess implements AutoCloseable {
  /** The dev keys every test node uses, and the tests' tokens are signed with. */
  public static final Path DEV_KEYS = Path.of("target", "it-dev-keys.json").toAbsolutePath();

  /**
   * Start limits for tests that start many sessions on one account on purpose (races, retry loops);
   * the limiter itself is tested on its own.
   */
  public static final Map<String, String> UNLIMITED_STARTS =
      Map.of(
          "playhead.rate-limits.starts.per-account.burst", "100000",
          "playhead.rate-limits.starts.per-account.per-minute", "1000000",
          "playhead.rate-limits.starts.per-device.burst", "100000",
          "playhead.rate-limits.starts.per-device.per-minute", "1000000");

  // Generous: on a shared two-core machine under load a node has taken over two minutes.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final String name;
  private final int httpPort;
  private final int managementPort;
  private final int remotePort;
  private final Path log;
  private final Process process;

  private NodeProcess(
      String name, int httpPort, int managementPort, int remotePort, Path log, Process process) {
    this.name = name;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.remotePort = remotePort;
    this.log = log;
    this.process = process;
  }

  /** The node these tests run, and the tokens it accepts: read once per test JVM. */
  private static final class Runtime {
    static final NodeRuntime NODE = NodeRuntime.configured().orElseGet(NodeRuntime::ofThisJvm);
    static final TokenIssuer TOKENS =
        new TokenIssuer(TokenSettings.of(NODE.config(Map.of()), DEV_KEYS), Clock.systemUTC());
  }

  /** The node's runtime these tests start. */
  public static NodeRuntime runtime() {
    return Runtime.NODE;
  }

  /**
   * Mints tokens the test nodes accept (the {@link #DEV_KEYS}, the node's issuer and audiences).
   */
  public static TokenIssuer tokens() {
    return Runtime.TOKENS;
  }

  /**
   * The setting that makes a node join {@code seed}'s cluster instead of forming its own: pass it
   * (with any others) to {@link #start(String, Map)}.
   */
  public static Map.Entry<String, String> joining(NodeProcess seed) {
    return Map.entry("pekko.cluster.seed-nodes.0", seed.clusterAddress());
  }

  /** Starts a node on fresh ports and waits until its sessions answer. */
  public static NodeProcess start(String name, Map<String, String> settings) throws Exception {
    return start(name, freePort(), settings);
  }

  /** Starts a node that joins {@code seed}'s cluster. */
  public static NodeProcess start(String name, Map<String, String> settings, NodeProcess seed)
      throws Exception {
    Map<String, String> joined = new java.util.HashMap<>(settings);
    Map.Entry<String, String> join = joining(seed);
    joined.put(join.getKey(), join.getValue());
    return start(name, joined);
  }

  public static NodeProcess start(String name, int httpPort, Map<String, String> settings)
      throws Exception {
    int remotePort = freePort();
    int managementPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms256m");
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(runtime().classpath());
    command.add("-Dplayhead.http.port=" + httpPort);
    command.add("-Dpekko.remote.artery.canonical.port=" + remotePort);
    command.add("-Dpekko.management.http.port=" + managementPort);
    command.add("-Dpekko.coordinated-shutdown.exit-jvm=on");
    command.add("-Dplayhead.security.dev-keys-file=" + DEV_KEYS);
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add(NodeRuntime.MAIN_CLASS);

    Path logDir = Path.of("target", "nodes");
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + "-" + httpPort + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    NodeProcess node = new NodeProcess(name, httpPort, managementPort, remotePort, log, process);
    node.awaitReady(START_TIMEOUT);
    return node;
  }

  public String name() {
    return name;
  }

  public int httpPort() {
    return httpPort;
  }

  public int managementPort() {
    return managementPort;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Pekko Management: /ready, /alive, /cluster/members. */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** This node's cluster address, e.g. {@code pekko://Playhead@127.0.0.1:25520}. */
  public String clusterAddress() {
    return "pekko://Playhead@127.0.0.1:" + remotePort;
  }

  /** The node's own output (stdout and stderr). */
  public Path logFile() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  /** CPU the node's JVM has used so far. */
  public Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** SIGKILL: no shutdown hooks, no passivation, no final checkpoint. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return name
          + " log ("
          + log
          + "):\n"
          + firstError(lines)
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * The first ERROR line and the few after it: a node that fails usually says why once, early, and
   * then logs the consequences until the tail no longer holds the cause.
   */
  private static String firstError(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(" ERROR ")) {
        return "first error, line "
            + (i + 1)
            + ":\n"
            + String.join("\n", lines.subList(i, Math.min(lines.size(), i + 6)))
            + "\n...last lines:\n";
      }
    }
    return "";
  }

  /** Ready when a lookup of an unknown session is answered 404 by a session entity. */
  private void awaitReady(Duration timeout) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/sessions/readiness-probe"))
            .header(
                "Authorization",
                "Bearer "
                    + tokens().player("probe", "probe", "probe", "probe", Duration.ofMinutes(10)))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Node exited with " + process.exitValue() + "\n" + logTail());
      }
      try {
        HttpResponse<String> response = client.send(probe, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 && response.body().contains("session-not-found")) {
          return;
        }
      } catch (IOException notYet) {
        // the port is not bound yet
      }
      try {
        // Waits a little, but returns at once if the node dies while starting.
        process.onExit().get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException stillStarting) {
        // poll again
      }
    }
    throw new IllegalStateException("Node not ready within " + timeout + "\n" + logTail());
  }

  /** A free local port, for tests that choose a node's port themselves. */
  public static int freePort() {
    return FreePorts.take();
  }
}
