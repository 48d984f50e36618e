package org.playhead.chaos.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.playhead.chaos.drill.Drill;
import org.playhead.chaos.drill.DrillPlan;
import org.playhead.chaos.report.DrillReport;
import org.playhead.chaos.report.ReportFiles;
import org.playhead.chaos.report.ReportJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs drills one at a time in the background (a drill takes a machine's worth of node processes
 * and Cassandra) and answers for them: the running drill from memory, finished ones from their
 * report files, so reports outlive the server.
 */
public final class DrillService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DrillService.class);
  private static final int PROGRESS_LINES = 50;

  /** Runs one drill to its end; the real one is {@link Drill#run()}. */
  public interface Runner {
    DrillReport run(String id, DrillPlan plan, Consumer<String> progress);
  }

  /** What a client sees of a drill. */
  public record DrillStatus(
      String id,
      String state,
      String requestedBy,
      Instant submittedAt,
      Instant finishedAt,
      List<String> progress) {}

  /** Thrown when a drill is already running. */
  public static final class Busy extends Exception {
    private final String runningId;

    Busy(String runningId) {
      super("drill " + runningId + " is running");
      this.runningId = runningId;
    }

    public String runningId() {
      return runningId;
    }
  }

  private final Path reportsDir;
  private final Runner runner;
  private final Clock clock;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "drill-runner");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Tracked> drills = new LinkedHashMap<>();
  private String running;

  private static final class Tracked {
    final String id;
    final String requestedBy;
    final Instant submittedAt;
    final List<String> progress = new ArrayList<>();
    volatile String state = "running";
    volatile Instant finishedAt;

    Tracked(String id, String requestedBy, Instant submittedAt) {
      this.id = id;
      this.requestedBy = requestedBy;
      this.submittedAt = submittedAt;
    }

    synchronized DrillStatus status() {
      return new DrillStatus(
          id, state, requestedBy, submittedAt, finishedAt, List.copyOf(progress));
    }

    synchronized void say(String line) {
      progress.add(line);
      if (progress.size() > PROGRESS_LINES) {
        progress.remove(0);
      }
    }
  }

  public DrillService(Path reportsDir, Runner runner, Clock clock) {
    this.reportsDir = reportsDir;
    this.runner = runner;
    this.clock = clock;
  }

  /** Runs real drills, writing reports under {@code reportsDir}. */
  public static DrillService real(Path reportsDir) {
    return new DrillService(
        reportsDir, (id, plan, progress) -> new Drill(id, plan, progress).run(), Clock.systemUTC());
  }

  public Path reportsDir() {
    return reportsDir;
  }

  /**
   * Starts {@code plan} (whose output directory must be this service's) unless a drill runs.
   *
   * @throws Busy naming the running drill
   */
  public synchronized DrillStatus submit(DrillPlan plan, String requestedBy) throws Busy {
    if (running != null) {
      throw new Busy(running);
    }
    String id = Drill.newId(clock.instant());
    Tracked tracked = new Tracked(id, requestedBy, clock.instant());
    drills.put(id, tracked);
    running = id;
    tracked.say("submitted by " + requestedBy);
    executor.submit(
        () -> {
          String state;
          try {
            DrillReport report = runner.run(id, plan, tracked::say);
            state = report.outcome();
          } catch (RuntimeException e) {
            log.error("Drill {} failed to run", id, e);
            tracked.say("failed to run: " + e.getMessage());
            state = DrillReport.ERROR;
          }
          synchronized (DrillService.this) {
            tracked.state = state;
            tracked.finishedAt = clock.instant();
            running = null;
          }
        });
    log.info("Drill {} submitted by {}", id, requestedBy);
    return tracked.status();
  }

  /** The drill's status: tracked here, or finished earlier with its report on disk. */
  public synchronized Optional<DrillStatus> status(String id) {
    Tracked tracked = drills.get(id);
    if (tracked != null) {
      return Optional.of(tracked.status());
    }
    return report(id)
        .map(r -> new DrillStatus(id, r.outcome(), null, r.startedAt(), r.finishedAt(), List.of()));
  }

  /** The finished drill's report, if it has one. */
  public Optional<DrillReport> report(String id) {
    Path json = reportsDir.resolve(id).resolve(ReportFiles.JSON);
    if (!Files.isRegularFile(json)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ReportJson.read(Files.readString(json)));
    } catch (IOException e) {
      log.warn("Unreadable report {}", json, e);
      return Optional.empty();
    }
  }

  public Optional<Path> reportPage(String id) {
    Path html = reportsDir.resolve(id).resolve(ReportFiles.HTML);
    return Files.isRegularFile(html) ? Optional.of(html) : Optional.empty();
  }

  /** Drills tracked here and on disk, newest first. */
  public synchronized List<DrillStatus> list() {
    Map<String, DrillStatus> all = new LinkedHashMap<>();
    if (Files.isDirectory(reportsDir)) {
      try (Stream<Path> dirs = Files.list(reportsDir)) {
        dirs.map(d -> d.getFileName().toString())
            .filter(name -> name.startsWith("drill-"))
            .forEach(
                name ->
                    report(name)
                        .ifPresent(
                            r ->
                                all.put(
                                    name,
                                    new DrillStatus(
                                        name,
                                        r.outcome(),
                                        null,
                                        r.startedAt(),
                                        r.finishedAt(),
                                        List.of()))));
      } catch (IOException e) {
        log.warn("Cannot list {}", reportsDir, e);
      }
    }
    drills.values().forEach(t -> all.put(t.id, t.status()));
    return all.values().stream()
        .sorted(
            Comparator.comparing(
                DrillStatus::submittedAt, Comparator.nullsLast(Comparator.reverseOrder())))
        .toList();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
