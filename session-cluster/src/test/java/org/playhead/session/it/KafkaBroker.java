package org.playhead.session.it;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The project's Kafka launcher (deploy/kafka/kafkactl), for tests that stop and restart it. */
public final class KafkaBroker {
  private KafkaBroker() {}

  public static void stop() throws IOException, InterruptedException {
    run("stop", "--keep-owner");
  }

  public static void start() throws IOException, InterruptedException {
    run("start");
  }

  private static void run(String... command) throws IOException, InterruptedException {
    String kafkactl = System.getProperty("playhead.kafkactl");
    if (kafkactl == null) {
      throw new IllegalStateException("playhead.kafkactl is not set (run through Maven's verify)");
    }
    List<String> line = new java.util.ArrayList<>(List.of(kafkactl));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).inheritIO().start();
    if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("kafkactl " + String.join(" ", command) + " failed");
    }
  }
}
