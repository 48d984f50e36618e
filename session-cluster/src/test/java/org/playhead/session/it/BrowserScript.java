package org.playhead.session.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of deploy/browser's node scripts (a real player in Debian's Chromium, driven by
 * playwright-core) and reads the one JSON line it prints last. The script's exit code says whether
 * the player did what the test asked; its stderr comes back in the failure message.
 */
public final class BrowserScript {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BrowserScript() {}

  /** deploy/browser, as the build passes it (set up by deploy/browser/setup before the ITs). */
  public static Path directory() {
    String configured = System.getProperty("playhead.browser.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("../deploy/browser");
    return dir.toAbsolutePath().normalize();
  }

  /** The outcome of one run: its exit code, its last JSON line and what it printed to stderr. */
  public record Run(int exitCode, JsonNode result, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /** For assertion messages: everything a reader needs to see why a player failed. */
    public String describe() {
      return "exit " + exitCode + ", result " + result + "\n--- stderr ---\n" + stderr;
    }
  }

  /** Runs {@code node <script> <args...>} in deploy/browser, killing it after {@code timeout}. */
  public static Run run(String script, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Path stderrFile = Files.createTempFile("playhead-browser-", ".stderr");
    Process process =
        new ProcessBuilder(command)
            .directory(directory().toFile())
            .redirectError(stderrFile.toFile())
            .start();
    // Read stdout while the script runs, so a chatty script cannot fill the pipe and block.
    byte[] stdout = process.getInputStream().readAllBytes();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String stderr = Files.readString(stderrFile, StandardCharsets.UTF_8);
    Files.deleteIfExists(stderrFile);
    JsonNode result = lastJsonLine(new String(stdout, StandardCharsets.UTF_8));
    int exitCode = exited ? process.exitValue() : -1;
    return new Run(exitCode, result, exited ? stderr : stderr + "\n(killed after " + timeout + ")");
  }

  private static JsonNode lastJsonLine(String stdout) throws IOException {
    String[] lines = stdout.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].startsWith("{")) {
        return JSON.readTree(lines[i]);
      }
    }
    return JSON.nullNode();
  }
}
