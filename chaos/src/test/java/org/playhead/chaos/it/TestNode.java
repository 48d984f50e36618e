package org.playhead.chaos.it;

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
import java.util.concurrent.TimeUnit;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.chaos.load.PlayerTokens;
import org.playhead.chaos.load.SessionOwner;

/**
 * A Playhead node as its own JVM, started from the test classpath against the real Cassandra, for
 * the simulator's and verifier's integration tests (the chaos cluster kit proper starts and kills
 * whole clusters). A node joins the cluster of the seed it is given, or forms its own. Output goes
 * to {@code target/nodes/<name>-<port>.log}.
 */
public final class TestNode implements AutoCloseable {
  /** Keys shared by the test's nodes and its players. */
  public static final Path DEV_KEYS = Path.of("target", "chaos-it-dev-keys.json").toAbsolutePath();

  private final String name;
  private final int apiPort;
  private final int remotePort;
  private final int managementPort;
  private final Path log;
  private final Process process;

  private TestNode(
      String name, int apiPort, int remotePort, int managementPort, Path log, Process process) {
    this.name = name;
    this.apiPort = apiPort;
    this.remotePort = remotePort;
    this.managementPort = managementPort;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts a node and waits until its sessions answer.
   *
   * @param seed the node whose cluster to join, or null to form a cluster of its own
   */
  public static TestNode start(String name, Map<String, String> settings, TestNode seed)
      throws Exception {
    int apiPort = freePort();
    int remotePort = freePort();
    int managementPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms256m");
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(classpath());
    command.add("-Dplayhead.http.port=" + apiPort);
    command.add("-Dpekko.remote.artery.canonical.port=" + remotePort);
    command.add("-Dpekko.management.http.port=" + managementPort);
    command.add("-Dpekko.coordinated-shutdown.exit-jvm=on");
    command.add("-Dplayhead.security.dev-keys-file=" + DEV_KEYS);
    if (seed != null) {
      command.add("-Dpekko.cluster.seed-nodes.0=pekko://Playhead@127.0.0.1:" + seed.remotePort);
    }
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("org.playhead.session.Main");

    Path logDir = Path.of("target", "nodes");
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + "-" + apiPort + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TestNode node = new TestNode(name, apiPort, remotePort, managementPort, log, process);
    node.awaitReady(Duration.ofSeconds(90));
    return node;
  }

  public NodeEndpoint endpoint() {
    return new NodeEndpoint(name, "127.0.0.1", apiPort, managementPort);
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
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
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
    String token =
        new PlayerTokens(DEV_KEYS)
            .player(new SessionOwner("probe", "probe", "probe"), Duration.ofMinutes(10));
    HttpRequest probe =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + apiPort + "/v1/sessions/readiness-probe"))
            .header("Authorization", token)
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
        // not bound yet
      }
      try {
        process.onExit().get(250, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillStarting) {
        // poll again
      }
    }
    throw new IllegalStateException("Node not ready within " + timeout + "\n" + logTail());
  }

  private static String classpath() {
    String failsafe = System.getProperty("surefire.test.class.path");
    String cp =
        failsafe != null && !failsafe.isBlank() ? failsafe : System.getProperty("java.class.path");
    return cp.replace(" ", File.pathSeparator);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
