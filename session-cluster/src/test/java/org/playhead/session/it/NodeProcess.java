package org.playhead.session.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Playhead node as its own JVM, started from the test classpath, so that a test can kill -9 it
 * for real. Its output goes to {@code target/nodes/<name>.log}, printed when a test fails.
 */
public final class NodeProcess implements AutoCloseable {
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

  /**
   * The setting that makes a node join {@code seed}'s cluster instead of forming its own: pass it
   * (with any others) to {@link #start(String, Map)}.
   */
  public static Map.Entry<String, String> joining(NodeProcess seed) {
    return Map.entry("pekko.cluster.seed-nodes.0", seed.clusterAddress());
  }

  /** This node's cluster address, e.g. {@code pekko://Playhead@127.0.0.1:25520}. */
  public String clusterAddress() {
    return "pekko://Playhead@127.0.0.1:" + remotePort;
  }

  /** Starts a node on fresh ports and waits until its API answers. */
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

  /** Starts a node on fresh ports and waits until its API answers. */
  public static NodeProcess start(String name, Map<String, String> settings) throws Exception {
    return start(name, freePort(), settings);
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
    command.add(classpath());
    command.add("-Dplayhead.http.port=" + httpPort);
    command.add("-Dpekko.remote.artery.canonical.port=" + remotePort);
    command.add("-Dpekko.management.http.port=" + managementPort);
    command.add("-Dpekko.coordinated-shutdown.exit-jvm=on");
    command.add(TestTokens.nodeSetting());
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("org.playhead.session.Main");

    Path logDir = Path.of("target", "nodes");
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + "-" + httpPort + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    NodeProcess node = new NodeProcess(name, httpPort, managementPort, remotePort, log, process);
    // A node starts in 15-30 s on an idle two-core machine, but took over 100 s on one shared
    // with other builds: the wait is for a node that failed, not for a slow one.
    node.awaitReady(Duration.ofSeconds(180));
    return node;
  }

  public int httpPort() {
    return httpPort;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Pekko Management: /ready, /alive, /cluster/members. */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** The node's own output (stdout and stderr). */
  public Path logFile() {
    return log;
  }

  public long pid() {
    return process.pid();
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
      if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
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
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Ready when a lookup of an unknown session is answered 404 by a session entity. */
  private void awaitReady(Duration timeout) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/sessions/readiness-probe"))
            .header(
                "Authorization",
                TestTokens.bearer(TestTokens.get().player("probe", "probe", "probe")))
            .timeout(Duration.ofSeconds(5))
            .build();
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
        process.onExit().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillStarting) {
        // poll again
      }
    }
    throw new IllegalStateException("Node not ready within " + timeout + "\n" + logTail());
  }

  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String cp =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    return cp.replace(" ", File.pathSeparator);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
