package org.playhead.chaos.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and starts the project's Cassandra through its own launcher ({@code
 * deploy/cassandra/cassandractl}), which inherits this process's environment: with {@code
 * PLAYHEAD_CASSANDRA_DIR} and the port variables set it acts on that instance only.
 */
public final class CassandraControl {
  private static final Logger log = LoggerFactory.getLogger(CassandraControl.class);

  private final Path cassandractl;
  private final Path logFile;

  public CassandraControl(Path cassandractl, Path logFile) {
    if (!Files.isExecutable(cassandractl)) {
      throw new IllegalArgumentException("Not an executable cassandractl: " + cassandractl);
    }
    this.cassandractl = cassandractl;
    this.logFile = logFile;
  }

  /**
   * The launcher named by {@code -Dplayhead.cassandractl} or {@code PLAYHEAD_CASSANDRACTL}, else
   * {@code deploy/cassandra/cassandractl} found from the working directory upwards.
   */
  public static Path locateLauncher() {
    String named =
        System.getProperty("playhead.cassandractl", System.getenv("PLAYHEAD_CASSANDRACTL"));
    if (named != null && !named.isBlank()) {
      return Path.of(named).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("deploy/cassandra/cassandractl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "Cannot find deploy/cassandra/cassandractl above "
            + Path.of("").toAbsolutePath()
            + "; set PLAYHEAD_CASSANDRACTL");
  }

  /** SIGTERM, drained (the launcher waits up to 20 s, then kills). */
  public void stop() throws IOException, InterruptedException {
    run("stop", Duration.ofSeconds(60));
  }

  /** Starts it and waits for CQL and the schema (idempotent when it already runs). */
  public void start() throws IOException, InterruptedException {
    run("start", Duration.ofSeconds(300));
  }

  /** Whether CQL answers. */
  public boolean running() throws IOException, InterruptedException {
    return exec("status", Duration.ofSeconds(30)) == 0;
  }

  private void run(String command, Duration timeout) throws IOException, InterruptedException {
    int code = exec(command, timeout);
    if (code != 0) {
      throw new IOException(
          "cassandractl " + command + " failed with exit code " + code + " (log: " + logFile + ")");
    }
  }

  private int exec(String command, Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    log.info("cassandractl {}", command);
    Process process =
        new ProcessBuilder(List.of(cassandractl.toString(), command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException("cassandractl " + command + " did not finish within " + timeout);
    }
    return process.exitValue();
  }
}
