package org.playhead.chaos.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.playhead.chaos.cluster.ClusterSpec;
import org.playhead.chaos.cluster.DurationText;
import org.playhead.chaos.cluster.Fault;
import org.playhead.chaos.drill.DrillPlan;
import org.playhead.chaos.drill.PlayerConfigs;
import org.playhead.chaos.drill.SettleRule;
import org.playhead.chaos.load.SimulatorConfig;

/**
 * A drill request's JSON body, checked field by field: every problem is reported at once, and
 * nothing runs unless all is well. Fields (all optional):
 *
 * <pre>
 * {"nodes": 3, "sessions": 2000, "accounts": 1100, "heartbeatInterval": "2s",
 *  "faults": ["kill9:random", "freeze:random:8s", "cassandra:5s"],
 *  "baseline": "20s", "observe": "90s", "restartDowned": true, "seed": 7,
 *  "grpcUnaryShare": 0.3, "grpcStreamShare": 0.3, "httpShare": 0.4, "churnPerSecond": 20}
 * </pre>
 */
final class DrillRequests {
  static final int MAX_SESSIONS = 20_000;
  static final int MAX_FAULTS = 20;
  private static final Set<String> FIELDS =
      Set.of(
          "nodes",
          "sessions",
          "accounts",
          "heartbeatInterval",
          "faults",
          "baseline",
          "observe",
          "restartDowned",
          "seed",
          "grpcUnaryShare",
          "grpcStreamShare",
          "httpShare",
          "churnPerSecond");

  /** What the server decides, not the caller: where nodes log, keys, Cassandra, reports. */
  record Defaults(ClusterSpec cluster, Path reportsDir, Optional<Path> cassandractl) {}

  /** A refused request: an RFC 9457 problem listing every bad field. */
  static final class Invalid extends Exception {
    private final transient Problem problem;

    Invalid(Problem problem) {
      super(problem.detail());
      this.problem = problem;
    }

    Problem problem() {
      return problem;
    }
  }

  private final Defaults defaults;

  DrillRequests(Defaults defaults) {
    this.defaults = defaults;
  }

  DrillPlan parse(JsonNode body) throws Invalid {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        errors.add(
            new Problem.FieldError(
                name, "unknown field; known: " + FIELDS.stream().sorted().toList()));
      }
    }
    int nodes = integer(body, "nodes", 3, 1, ClusterSpec.MAX_NODES, errors);
    int sessions = integer(body, "sessions", 2000, 1, MAX_SESSIONS, errors);
    Integer accounts =
        body.has("accounts") ? integer(body, "accounts", 1, 1, MAX_SESSIONS, errors) : null;
    Duration heartbeat =
        duration(
            body, "heartbeatInterval", "2s", Duration.ofMillis(500), Duration.ofMinutes(1), errors);
    Duration baseline =
        duration(body, "baseline", "20s", Duration.ofSeconds(2), Duration.ofMinutes(10), errors);
    Duration observe =
        duration(body, "observe", "90s", Duration.ofSeconds(5), Duration.ofMinutes(10), errors);
    boolean restart = bool(body, "restartDowned", true, errors);
    long seed = body.has("seed") ? longValue(body, "seed", errors) : 1;
    Double unary = share(body, "grpcUnaryShare", errors);
    Double stream = share(body, "grpcStreamShare", errors);
    Double http = share(body, "httpShare", errors);
    Double churn = null;
    if (body.has("churnPerSecond")) {
      JsonNode c = body.get("churnPerSecond");
      if (!c.isNumber() || c.asDouble() < 0 || c.asDouble() > 10_000) {
        errors.add(new Problem.FieldError("churnPerSecond", "a number from 0 to 10000"));
      } else {
        churn = c.asDouble();
      }
    }
    List<Fault> faults = faults(body, nodes, errors);
    if (!errors.isEmpty()) {
      throw new Invalid(
          Problem.invalid("The drill request has " + errors.size() + " problem(s).", errors));
    }
    try {
      SimulatorConfig players =
          PlayerConfigs.config(sessions, accounts, heartbeat, unary, stream, http, churn, seed);
      ClusterSpec cluster =
          new ClusterSpec(
              nodes,
              defaults.cluster().host(),
              defaults.cluster().workDir(),
              defaults.cluster().cassandra(),
              defaults.cluster().devKeysFile(),
              defaults.cluster().settings(),
              defaults.cluster().jvmOptions(),
              java.util.Map.of(),
              defaults.cluster().startTimeout());
      return new DrillPlan(
          cluster,
          players,
          Duration.ofMinutes(3),
          baseline,
          faults,
          observe,
          restart,
          SettleRule.defaults(),
          Duration.ofSeconds(7),
          defaults.cassandractl(),
          defaults.reportsDir());
    } catch (IllegalArgumentException e) {
      // Checks across fields (accounts too few for the sessions, shares not summing to 1).
      throw new Invalid(
          Problem.invalid("The drill request cannot run: " + e.getMessage(), List.of()));
    }
  }

  private static List<Fault> faults(JsonNode body, int nodes, List<Problem.FieldError> errors) {
    if (!body.has("faults")) {
      return List.of(Fault.parse("kill9:random"));
    }
    JsonNode list = body.get("faults");
    if (!list.isArray() || list.isEmpty() || list.size() > MAX_FAULTS) {
      errors.add(new Problem.FieldError("faults", "an array of 1 to " + MAX_FAULTS + " faults"));
      return List.of();
    }
    List<Fault> faults = new ArrayList<>();
    List<String> names = ClusterSpec.nodeNames(nodes);
    for (int i = 0; i < list.size(); i++) {
      String field = "faults[" + i + "]";
      JsonNode item = list.get(i);
      if (!item.isTextual()) {
        errors.add(new Problem.FieldError(field, "a fault as text, e.g. kill9:random"));
        continue;
      }
      try {
        Fault fault = Fault.parse(item.asText());
        String named = namedNode(fault);
        if (named != null && !names.contains(named)) {
          errors.add(new Problem.FieldError(field, named + " is not one of " + names));
          continue;
        }
        faults.add(fault);
      } catch (IllegalArgumentException e) {
        errors.add(new Problem.FieldError(field, e.getMessage()));
      }
    }
    return faults;
  }

  private static String namedNode(Fault fault) {
    String spec = fault.spec();
    int at = spec.indexOf("node-");
    if (at < 0) {
      return null;
    }
    int end = spec.indexOf(':', at);
    return end < 0 ? spec.substring(at) : spec.substring(at, end);
  }

  private static int integer(
      JsonNode body,
      String field,
      int fallback,
      int min,
      int max,
      List<Problem.FieldError> errors) {
    if (!body.has(field)) {
      return fallback;
    }
    JsonNode v = body.get(field);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      errors.add(new Problem.FieldError(field, "a whole number from " + min + " to " + max));
      return fallback;
    }
    return v.asInt();
  }

  private static long longValue(JsonNode body, String field, List<Problem.FieldError> errors) {
    JsonNode v = body.get(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      errors.add(new Problem.FieldError(field, "a whole number"));
      return 0;
    }
    return v.asLong();
  }

  private static boolean bool(
      JsonNode body, String field, boolean fallback, List<Problem.FieldError> errors) {
    if (!body.has(field)) {
      return fallback;
    }
    if (!body.get(field).isBoolean()) {
      errors.add(new Problem.FieldError(field, "true or false"));
      return fallback;
    }
    return body.get(field).asBoolean();
  }

  private static Double share(JsonNode body, String field, List<Problem.FieldError> errors) {
    if (!body.has(field)) {
      return null;
    }
    JsonNode v = body.get(field);
    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
      errors.add(new Problem.FieldError(field, "a number from 0 to 1"));
      return null;
    }
    return v.asDouble();
  }

  private static Duration duration(
      JsonNode body,
      String field,
      String fallback,
      Duration min,
      Duration max,
      List<Problem.FieldError> errors) {
    String text = fallback;
    if (body.has(field)) {
      if (!body.get(field).isTextual()) {
        errors.add(new Problem.FieldError(field, "a duration as text, like " + fallback));
        return DurationText.parse(fallback);
      }
      text = body.get(field).asText();
    }
    try {
      Duration d = DurationText.parse(text);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        errors.add(
            new Problem.FieldError(
                field, "from " + DurationText.format(min) + " to " + DurationText.format(max)));
        return DurationText.parse(fallback);
      }
      return d;
    } catch (IllegalArgumentException e) {
      errors.add(new Problem.FieldError(field, e.getMessage()));
      return DurationText.parse(fallback);
    }
  }
}
