package org.playhead.chaos.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.playhead.devkit.NodeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Playhead node as its own JVM process ({@code org.playhead.session.Main} on the node's own
 * classpath, {@link NodeBuild}), which the kit can kill -9, terminate, freeze and restart on the
 * same ports. Output is appended to {@code <workDir>/nodes/<name>.log} across restarts.
 */
public final class ClusterNode {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  private final String name;
  private final String group;
  private final String host;
  private final NodePorts ports;
  private final List<String> command;
  private final List<String> rejoinCommand;
  private final Path logFile;
  private volatile Process process;
  private volatile NodeState state = NodeState.EXITED;
  private volatile int incarnation;

  ClusterNode(
      String name,
      String group,
      String host,
      NodePorts ports,
      List<String> command,
      List<String> rejoinCommand,
      Path log) {
    this.name = name;
    this.group = group;
    this.host = host;
    this.ports = ports;
    this.command = List.copyOf(command);
    this.rejoinCommand = List.copyOf(rejoinCommand);
    this.logFile = log;
  }

  /** The JVM command of a node of {@code spec} on {@code ports}, joining {@code seedNodes}. */
  static List<String> command(
      ClusterSpec spec, String classpath, NodePorts ports, List<String> seedNodes) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(spec.jvmOptions());
    command.add("-cp");
    command.add(classpath);
    command.add("-Dplayhead.http.host=" + spec.host());
    command.add("-Dplayhead.http.port=" + ports.api());
    // The node names itself in its session answers (the owner hint), as a deployment's pods do.
    command.add("-Dplayhead.http.owner-url=http://" + spec.host() + ":" + ports.api());
    command.add("-Dpekko.remote.artery.canonical.hostname=" + spec.host());
    command.add("-Dpekko.remote.artery.canonical.port=" + ports.remoting());
    command.add("-Dpekko.management.http.hostname=" + spec.host());
    command.add("-Dpekko.management.http.port=" + ports.management());
    for (int i = 0; i < seedNodes.size(); i++) {
      // Typesafe Config reads numbered system properties as a list.
      command.add("-Dpekko.cluster.seed-nodes." + i + "=" + seedNodes.get(i));
    }
    command.add("-Dplayhead.cassandra.contact-point=" + spec.cassandra().contactPoint());
    command.add(
        "-Dplayhead.security.dev-keys-file=" + spec.devKeysFile().toAbsolutePath().normalize());
    spec.settings().forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add(NodeRuntime.MAIN_CLASS);
    return command;
  }

  public String name() {
    return name;
  }

  public String group() {
    return group;
  }

  public NodePorts ports() {
    return ports;
  }

  public NodeEndpoint endpoint() {
    return new NodeEndpoint(name, host, ports.api(), ports.management());
  }

  /** The node's Pekko address, as cluster membership names it. */
  public String address() {
    return address(host, ports.remoting());
  }

  static String address(String host, int remotingPort) {
    return "pekko://Playhead@" + host + ":" + remotingPort;
  }

  public Path logFile() {
    return logFile;
  }

  /** How many times this node was launched. */
  public int incarnation() {
    return incarnation;
  }

  public synchronized NodeState state() {
    Process p = process;
    if (p != null && !p.isAlive() && !state.isDown()) {
      state = NodeState.EXITED;
    }
    return state;
  }

  /** Whether it runs and is not frozen: its endpoints may answer. */
  public boolean answering() {
    NodeState s = state();
    return s == NodeState.RUNNING || s == NodeState.STARTING;
  }

  public long pid() {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException(name + " was never started");
    }
    return p.pid();
  }

  /**
   * Launches the process; {@link #awaitReady} waits for it. The first launch may found the cluster
   * (the first seed node joins itself when no other seed answers in time); a later launch only
   * joins the running nodes: a restarted first seed that found them slow to answer would otherwise
   * form a cluster of its own.
   */
  synchronized void launch() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
    }
    Files.createDirectories(logFile.getParent());
    Files.writeString(
        logFile,
        "---- "
            + Instant.now()
            + " launching "
            + name
            + " (incarnation "
            + (incarnation + 1)
            + ")\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    process =
        new ProcessBuilder(incarnation == 0 ? command : rejoinCommand)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    incarnation++;
    state = NodeState.STARTING;
    log.info(
        "{}: launched pid {} (api {}, management {})",
        name,
        process.pid(),
        ports.api(),
        ports.management());
  }

  /** Waits until management says ready (Up in the cluster, API bound). */
  void awaitReady(ManagementClient management, Duration timeout)
      throws InterruptedException, TimeoutException {
    Instant deadline = Instant.now().plus(timeout);
    NodeEndpoint endpoint = endpoint();
    while (Instant.now().isBefore(deadline)) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        synchronized (this) {
          state = NodeState.EXITED;
        }
        throw new IllegalStateException(name + " exited while starting\n" + logTail(60));
      }
      if (management.ready(endpoint)) {
        synchronized (this) {
          if (state == NodeState.STARTING) {
            state = NodeState.RUNNING;
          }
        }
        return;
      }
      try {
        p.onExit().get(250, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException stillStarting) {
        // poll again
      }
    }
    throw new TimeoutException(name + " not ready within " + timeout + "\n" + logTail(60));
  }

  /** SIGKILL: no shutdown hook, no hand-off, no final checkpoint. */
  public void kill9() throws InterruptedException {
    Process p = requireProcess();
    synchronized (this) {
      state = NodeState.KILLED;
    }
    p.destroyForcibly();
    p.waitFor();
    log.info("{}: kill -9 (pid {})", name, p.pid());
  }

  /** SIGTERM: coordinated shutdown leaves the cluster and hands shards off; returns at once. */
  public void terminate() {
    Process p = requireProcess();
    synchronized (this) {
      state = NodeState.TERMINATED;
    }
    p.destroy();
    log.info("{}: SIGTERM (pid {})", name, p.pid());
  }

  /** Waits for the process to end (after {@link #terminate}). */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    Process p = process;
    return p == null || p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGSTOP: the JVM stops dead, as in a very long GC pause. */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
    synchronized (this) {
      state = NodeState.FROZEN;
    }
  }

  /** SIGCONT after {@link #freeze}. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
    synchronized (this) {
      if (state == NodeState.FROZEN) {
        state = NodeState.RUNNING;
      }
    }
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process p = requireProcess();
    // The JDK sends only TERM and KILL; the kill command sends any signal.
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + p.pid() + " failed");
    }
    log.info("{}: SIG{} (pid {})", name, signal, p.pid());
  }

  /** Ends the process for good: SIGCONT if frozen, SIGTERM, then SIGKILL after {@code grace}. */
  void shutdown(Duration grace) throws InterruptedException {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    if (state == NodeState.FROZEN) {
      try {
        thaw();
      } catch (IOException e) {
        log.warn("{}: could not thaw before shutdown", name, e);
      }
    }
    p.destroy();
    if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor();
    }
    synchronized (this) {
      state = NodeState.TERMINATED;
    }
  }

  private Process requireProcess() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    return p;
  }

  /** The last lines of the node's log, for failures. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return name
          + " log ("
          + logFile
          + "):\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log for " + name + ": " + e + ")";
    }
  }

  @Override
  public String toString() {
    return name + "[" + state() + ", api " + ports.api() + "]";
  }
}
