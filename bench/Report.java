// Turns one bench run (bench/results/<run>.jsonl, written by bench/run) into a section of
// bench/RESULTS.md: the figures per stage, each target with met / not met, newest run first.
//   java -cp "$CP" bench/Report.java bench/results/<run>.jsonl bench/RESULTS.md
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public final class Report {
  static final String MARKER = "<!-- bench/run inserts new runs below this line -->";

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]);
    Path results = Path.of(args[1]);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(run)) {
      if (!line.isBlank()) {
        lines.add(json.readTree(line));
      }
    }
    String section = render(lines, run.getFileName().toString());
    String existing = Files.exists(results) ? Files.readString(results) : "# Benchmark results\n\n" + MARKER + "\n";
    if (!existing.contains(MARKER)) {
      int firstSection = existing.indexOf("\n## ");
      existing = firstSection < 0
          ? existing + "\n" + MARKER + "\n"
          : existing.substring(0, firstSection + 1) + MARKER + "\n\n" + existing.substring(firstSection + 1);
    }
    Files.writeString(results, existing.replace(MARKER, MARKER + "\n\n" + section));
    System.out.println(section);
  }

  static String render(List<JsonNode> lines, String file) {
    StringBuilder out = new StringBuilder();
    JsonNode machine = find(lines, "machine", null);
    out.append("## Suite run ").append(machine == null ? file : machine.path("startedAt").asText())
        .append(" (`./playhead bench`, raw figures in `bench/results/").append(file).append("`)\n\n");
    if (machine != null) {
      out.append(String.format(Locale.ROOT, "%d cores, %d GiB, %s; node heap %s, G1; node ready %d ms after launch. "
              + "Load tools, node and Cassandra share the cores.%n%n",
          machine.path("cores").asInt(), machine.path("memGiB").asInt(), machine.path("java").asText(),
          machine.path("nodeHeap").asText(), machine.path("nodeReadyMs").asInt()));
    }
    out.append("| what | figure | target | met |\n| --- | --- | --- | --- |\n");
    JsonNode bareHttp = find(lines, "http", n -> n.path("endpoint").asText().equals("bare"));
    JsonNode http = find(lines, "http", n -> n.path("endpoint").asText().equals("playhead"));
    if (http != null && bareHttp != null) {
      double ratio = http.path("requestsPerSecond").asDouble() / bareHttp.path("requestsPerSecond").asDouble();
      row(out, "HTTP heartbeats (wrk, 32 connections)", rate(http), "", "");
      row(out, "bare pekko-http endpoint, same node", rate(bareHttp), "", "");
      row(out, "HTTP ratio Playhead / bare", fmt("%.2f", ratio), ">= 0.6", met(ratio >= 0.6));
    }
    JsonNode unary = grpc(lines, "unary", "playhead");
    JsonNode unaryBare = grpc(lines, "unary", "baseline");
    JsonNode stream = grpc(lines, "stream", "playhead");
    JsonNode streamBare = grpc(lines, "stream", "baseline");
    if (unary != null && unaryBare != null) {
      double ratio = unary.path("requestsPerSecond").asDouble() / unaryBare.path("requestsPerSecond").asDouble();
      row(out, "gRPC unary heartbeats", rate(unary), "", "");
      row(out, "bare pekko-grpc echo, unary", rate(unaryBare), "", "");
      row(out, "gRPC unary ratio Playhead / bare", fmt("%.2f", ratio), ">= 0.6", met(ratio >= 0.6));
    }
    if (stream != null && unary != null) {
      double ratio = stream.path("requestsPerSecond").asDouble() / unary.path("requestsPerSecond").asDouble();
      row(out, "gRPC streamed heartbeats", rate(stream), "", "");
      if (streamBare != null) {
        row(out, "bare pekko-grpc echo, streamed", rate(streamBare), "", "");
      }
      row(out, "streamed / unary", fmt("%.2f", ratio), ">= 2", met(ratio >= 2));
    }
    JsonNode resident = find(lines, "resident", null);
    if (resident != null) {
      double bytes = resident.path("bytesPerSession").asDouble();
      row(out, "resident sessions live on one node", fmt("%,d", resident.path("sessions").asLong()), "1,000,000",
          met(resident.path("sessions").asLong() >= 1_000_000));
      row(out, "heap per live session (histograms after full GC)", fmt("%,.0f B", bytes), "<= 2,048 B", met(bytes <= 2048));
      JsonNode start = resident.path("start");
      row(out, "starts to fill it (closed loop, 128 in flight)", rate(start), "", "");
    }
    JsonNode journal = find(lines, "journal", null);
    if (journal != null) {
      double perHeartbeat = journal.path("writesPerHeartbeat").asDouble();
      row(out, "journal writes per heartbeat, steady state", fmt("%.4f", perHeartbeat), "<= 0.05", met(perHeartbeat <= 0.05));
      row(out, "persisted events per second in that state", fmt("%.1f", journal.path("eventsPerSecond").asDouble())
          + fmt(" (%,d sessions)", journal.path("sessions").asLong()), "", "");
    }
    JsonNode starts = find(lines, "starts", null);
    if (starts != null) {
      double p99 = starts.path("p99Ms").asDouble();
      row(out, fmt("StartPlayback p99 at %.0f starts/s", starts.path("rate").asDouble()),
          fmt("%.1f ms (p50 %.1f ms, %d errors)", p99, starts.path("p50Ms").asDouble(), starts.path("errors").asLong()),
          "<= 20 ms at 500/s", met(p99 <= 20 && starts.path("rate").asDouble() >= 500));
    }
    JsonNode recovery = find(lines, "recovery", null);
    if (recovery != null) {
      double perSecond = recovery.path("requestsPerSecond").asDouble();
      row(out, fmt("entities recovered per second after a restart (%,d sessions)", recovery.path("ok").asLong()),
          fmt("%,.0f", perSecond), ">= 5,000", met(perSecond >= 5000));
    }
    JsonNode one = find(lines, "cluster", n -> n.path("nodes").asInt() == 1);
    JsonNode three = find(lines, "cluster",
        n -> n.path("nodes").asInt() == 3 && !n.path("routing").asText().equals("owner"));
    JsonNode owned = find(lines, "cluster",
        n -> n.path("nodes").asInt() == 3 && n.path("routing").asText().equals("owner"));
    if (one != null && three != null) {
      double ratio = three.path("cpuUsPerHeartbeat").asDouble() / one.path("cpuUsPerHeartbeat").asDouble();
      row(out, fmt("HTTP heartbeats, 1 node (wrk, %d connections)", one.path("connections").asInt()),
          clusterFigure(one), "", "");
      row(out, "HTTP heartbeats, 3 nodes, all to node-1", clusterFigure(three), "", "");
      if (owned != null) {
        row(out, "HTTP heartbeats, 3 nodes, each session's to its owner (the owner hint)", clusterFigure(owned), "", "");
      }
      row(out, "CPU per heartbeat, 3 nodes / 1 node, all to node-1", fmt("%.2f", ratio), "", "");
      if (owned != null) {
        double ownedRatio = owned.path("cpuUsPerHeartbeat").asDouble() / one.path("cpuUsPerHeartbeat").asDouble();
        row(out, "CPU per heartbeat, 3 nodes / 1 node, owner-routed", fmt("%.2f", ownedRatio), "<= 1.5",
            met(ownedRatio <= 1.5));
        if (owned.has("cpuUsPerHeartbeatBeyondIdle") && one.has("cpuUsPerHeartbeatBeyondIdle")) {
          row(out, "the same beyond each cluster's idle cost", fmt("%.2f",
              owned.path("cpuUsPerHeartbeatBeyondIdle").asDouble() / one.path("cpuUsPerHeartbeatBeyondIdle").asDouble()),
              "", "");
        }
      }
    }
    JsonNode untagged = find(lines, "tagging", n -> n.path("tagging").asText().equals("off"));
    JsonNode tagged = find(lines, "tagging", n -> n.path("tagging").asText().equals("on"));
    for (JsonNode t : new JsonNode[] {untagged, tagged}) {
      if (t != null) {
        row(out, fmt("StartPlayback at %.0f/s, journal %s tag_views", t.path("rate").asDouble(),
                t == tagged ? "writing" : "without"),
            rate(t) + fmt("; CPU per start: node %d \u00b5s, Cassandra %d \u00b5s; writes per start %s",
                t.path("nodeCpuUsPerStart").asLong(), t.path("cassandraCpuUsPerStart").asLong(),
                t.path("writesPerStart").toString().replaceAll("[{}\"]", "").replace(":", " ").replace(",", ", ")),
            "", "");
      }
    }
    JsonNode events = find(lines, "events", null);
    if (events != null) {
      row(out, fmt("lifecycle events published per second, catching up on %,d sessions' events",
              events.path("sessions").asLong()),
          fmt("%,.0f/s (peak %,d/s over half a second; %,d events in %.1f s, the first %.1f s after Kafka's launch)",
              events.path("eventsPerSecond").asDouble(), events.path("peakPerSecond").asLong(),
              events.path("events").asLong(), events.path("seconds").asDouble(),
              events.path("secondsToFirst").asDouble()),
          "", "");
    }
    return out.append('\n').toString();
  }

  static String clusterFigure(JsonNode n) {
    String beyondIdle = n.has("cpuUsPerHeartbeatBeyondIdle")
        ? fmt(", %.0f \u00b5s beyond the cluster's idle cost (%.1f s of the window)",
            n.path("cpuUsPerHeartbeatBeyondIdle").asDouble(), n.path("idleCpuSeconds").asDouble())
        : "";
    return rate(n) + fmt("; %.0f \u00b5s CPU per heartbeat%s (nodes: %s s); load average %.1f-%.1f",
        n.path("cpuUsPerHeartbeat").asDouble(), beyondIdle,
        n.path("cpuSecondsPerNode").toString().replaceAll("[\\[\\]]", ""),
        n.path("loadAverageBefore").asDouble(), n.path("loadAverageAfter").asDouble());
  }

  static JsonNode grpc(List<JsonNode> lines, String mode, String service) {
    return find(lines, "grpc", n -> n.path("mode").asText().equals(mode) && n.path("service").asText().equals(service));
  }

  static JsonNode find(List<JsonNode> lines, String stage, java.util.function.Predicate<JsonNode> also) {
    return lines.stream()
        .filter(n -> n.path("stage").asText().equals(stage))
        .filter(n -> also == null || also.test(n))
        .reduce((first, second) -> second)
        .orElse(null);
  }

  static String rate(JsonNode n) {
    return fmt("%,.0f/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d errors",
        n.path("requestsPerSecond").asDouble(), n.path("p50Ms").asDouble(), n.path("p99Ms").asDouble(),
        n.path("p999Ms").asDouble(), n.path("errors").asLong());
  }

  static void row(StringBuilder out, String what, String figure, String target, String met) {
    out.append("| ").append(what).append(" | ").append(figure).append(" | ").append(target).append(" | ").append(met).append(" |\n");
  }

  static String met(boolean met) {
    return met ? "met" : "**not met**";
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
