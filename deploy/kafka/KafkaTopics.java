/*
 * Applies Playhead's topic definition (topics.conf) to a Kafka cluster, or checks a cluster
 * against it. For kafkactl and for operators.
 *
 * Run it with Java 17's source launcher and the classpath of kafka-runtime.pom.xml (the Kafka
 * Admin client comes with the broker's jars); kafkactl does both:
 *
 *   java -cp <kafka classpath> KafkaTopics.java [options] <command> [topics.conf]
 *
 * Commands:
 *   ping               exits 0 once the cluster answers a describe-cluster (see --wait)
 *   apply <file>       creates the topics that are missing; on existing ones sets the configs the
 *                      file names to its values and adds partitions up to its count. Never
 *                      deletes a topic, never removes partitions, never lowers replication
 *   check <file>       prints every difference between the file and the cluster; exit 1 if any
 *   describe           prints the cluster's topics (not internal ones) with their partitions
 *
 * Options:
 *   --bootstrap HOST:PORT   (127.0.0.1:9092)
 *   --wait SECONDS          keep trying to reach the cluster for this long (default: one try)
 *   --local                 a one-broker development cluster: at most 1 replica (and
 *                           min.insync.replicas 1), at most --local-partitions partitions
 *   --local-partitions N    (8)
 * Client security settings (SASL, TLS), when a cluster needs them, come from a properties file
 * named by PLAYHEAD_KAFKA_ADMIN_CONFIG: never from the command line.
 *
 * File format: blocks "[topic.name]" followed by "key = value" lines: partitions,
 * replication-factor, and config.<topic config> = value. '#' starts a comment line.
 *
 * Exit codes: 0 done (check: no drift), 1 failed or drift found, 2 bad usage, 3 unreachable.
 */

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

public final class KafkaTopics {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  /** One topic as the file defines it. */
  record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    /** The same topic as a one-broker cluster can hold it. */
    TopicSpec local(int maxPartitions) {
      Map<String, String> localConfigs = new TreeMap<>(configs);
      localConfigs.computeIfPresent("min.insync.replicas", (k, v) -> "1");
      return new TopicSpec(name, Math.min(partitions, maxPartitions), (short) 1, localConfigs);
    }
  }

  record Options(String bootstrap, int waitSeconds, boolean local, int localPartitions) {}

  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(List.of(args));
    } catch (UsageException e) {
      System.err.println("KafkaTopics: " + e.getMessage());
      code = USAGE;
    }
    System.exit(code);
  }

  static int run(List<String> args) {
    String bootstrap = "127.0.0.1:9092";
    int waitSeconds = 0;
    boolean local = false;
    int localPartitions = 8;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--bootstrap" -> bootstrap = value(args, ++i, arg);
        case "--wait" -> waitSeconds = number(value(args, ++i, arg), arg);
        case "--local" -> local = true;
        case "--local-partitions" -> localPartitions = number(value(args, ++i, arg), arg);
        default -> rest.add(arg);
      }
    }
    if (rest.isEmpty()) {
      throw new UsageException("a command is required: ping | apply FILE | check FILE | describe");
    }
    Options options = new Options(bootstrap, waitSeconds, local, localPartitions);
    String command = rest.get(0);
    List<TopicSpec> specs = List.of();
    if (command.equals("apply") || command.equals("check")) {
      if (rest.size() != 2) {
        throw new UsageException(command + " takes one file");
      }
      specs = parse(Path.of(rest.get(1)));
      if (local) {
        specs = specs.stream().map(s -> s.local(options.localPartitions())).toList();
      }
    } else if (rest.size() != 1) {
      throw new UsageException(command + " takes no argument");
    }
    try (Admin admin = Admin.create(adminConfig(options))) {
      if (!reachable(admin, options)) {
        System.err.println(
            "KafkaTopics: no Kafka answers at "
                + bootstrap
                + (waitSeconds > 0 ? " within " + waitSeconds + " s" : ""));
        return UNREACHABLE;
      }
      return switch (command) {
        case "ping" -> OK;
        case "apply" -> apply(admin, specs);
        case "check" -> check(admin, specs);
        case "describe" -> describe(admin);
        default -> throw new UsageException("unknown command " + command);
      };
    } catch (ExecutionException e) {
      System.err.println("KafkaTopics: " + e.getCause());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  // ---- the file

  static List<TopicSpec> parse(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
    Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
    Map<String, String> current = null;
    List<String> faults = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        String name = line.substring(1, line.length() - 1).strip();
        if (!name.matches("[A-Za-z0-9._-]{1,249}") || blocks.containsKey(name)) {
          faults.add("line " + (n + 1) + ": bad or repeated topic name '" + name + "'");
        }
        current = new TreeMap<>();
        blocks.put(name, current);
        continue;
      }
      int eq = line.indexOf('=');
      if (current == null || eq <= 0) {
        faults.add("line " + (n + 1) + ": expected [topic] or key = value");
        continue;
      }
      current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    List<TopicSpec> specs = new ArrayList<>();
    blocks.forEach(
        (name, entries) -> {
          Map<String, String> configs = new TreeMap<>();
          Integer partitions = null;
          Integer replication = null;
          for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey();
            if (key.equals("partitions")) {
              partitions = positive(e.getValue(), name, key, faults);
            } else if (key.equals("replication-factor")) {
              replication = positive(e.getValue(), name, key, faults);
            } else if (key.startsWith("config.") && key.length() > "config.".length()) {
              configs.put(key.substring("config.".length()), e.getValue());
            } else {
              faults.add(name + ": unknown key '" + key + "'");
            }
          }
          if (partitions == null || replication == null) {
            faults.add(name + ": partitions and replication-factor are required");
          } else {
            specs.add(new TopicSpec(name, partitions, replication.shortValue(), configs));
          }
        });
    if (!faults.isEmpty()) {
      throw new UsageException(file + ":\n  " + String.join("\n  ", faults));
    }
    return specs;
  }

  private static Integer positive(String value, String topic, String key, List<String> faults) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    faults.add(topic + ": " + key + " must be a positive number, got '" + value + "'");
    return null;
  }

  // ---- commands

  static int apply(Admin admin, List<TopicSpec> specs)
      throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing =
        specs.stream()
            .filter(s -> !existing.contains(s.name()))
            .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()))
            .toList();
    for (NewTopic topic : missing) {
      try {
        admin.createTopics(List.of(topic)).all().get();
        System.out.println("created " + topic.name() + " (" + topic.numPartitions() + " partitions)");
      } catch (ExecutionException e) {
        // Two concurrent applies: the other one created it; it is aligned below.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    int failures = 0;
    for (TopicSpec spec : specs) {
      if (missing.stream().anyMatch(t -> t.name().equals(spec.name()))) {
        continue;
      }
      TopicDescription description = describe(admin, spec.name());
      int partitions = description.partitions().size();
      if (partitions < spec.partitions()) {
        admin
            .createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(spec.partitions())))
            .all()
            .get();
        System.out.println(
            "added partitions to " + spec.name() + ": " + partitions + " -> " + spec.partitions());
      } else if (partitions > spec.partitions()) {
        System.err.println(
            spec.name()
                + " has "
                + partitions
                + " partitions, the file says "
                + spec.partitions()
                + ": partitions are never removed (change the file)");
        failures++;
      }
      Map<String, String> current = configs(admin, spec.name());
      List<AlterConfigOp> changes =
          spec.configs().entrySet().stream()
              .filter(e -> !e.getValue().equals(current.get(e.getKey())))
              .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
              .toList();
      if (!changes.isEmpty()) {
        admin
            .incrementalAlterConfigs(Map.of(topicResource(spec.name()), changes))
            .all()
            .get();
        System.out.println(
            "set on "
                + spec.name()
                + ": "
                + changes.stream()
                    .map(op -> op.configEntry().name() + "=" + op.configEntry().value())
                    .collect(Collectors.joining(", ")));
      }
    }
    return failures == 0 ? OK : FAILED;
  }

  static int check(Admin admin, List<TopicSpec> specs)
      throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<String> drift = new ArrayList<>();
    for (TopicSpec spec : specs) {
      if (!existing.contains(spec.name())) {
        drift.add(spec.name() + ": missing");
        continue;
      }
      TopicDescription description = describe(admin, spec.name());
      int partitions = description.partitions().size();
      if (partitions != spec.partitions()) {
        drift.add(spec.name() + ": " + partitions + " partitions, file " + spec.partitions());
      }
      int replicas = description.partitions().get(0).replicas().size();
      if (replicas != spec.replicationFactor()) {
        drift.add(spec.name() + ": replication " + replicas + ", file " + spec.replicationFactor());
      }
      Map<String, String> current = configs(admin, spec.name());
      spec.configs()
          .forEach(
              (key, value) -> {
                if (!value.equals(current.get(key))) {
                  drift.add(spec.name() + ": " + key + "=" + current.get(key) + ", file " + value);
                }
              });
    }
    drift.forEach(System.out::println);
    if (drift.isEmpty()) {
      System.out.println("every topic matches the file (" + specs.size() + " topics)");
    }
    return drift.isEmpty() ? OK : FAILED;
  }

  static int describe(Admin admin) throws ExecutionException, InterruptedException {
    List<String> names = admin.listTopics().names().get().stream().sorted().toList();
    Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
    for (String name : names) {
      TopicDescription d = descriptions.get(name);
      System.out.println(
          name
              + " partitions="
              + d.partitions().size()
              + " replication-factor="
              + d.partitions().get(0).replicas().size());
    }
    return OK;
  }

  // ---- the cluster

  private static Properties adminConfig(Options options) {
    Properties config = new Properties();
    String file = System.getenv("PLAYHEAD_KAFKA_ADMIN_CONFIG");
    if (file != null && !file.isBlank()) {
      try (Reader reader = Files.newBufferedReader(Path.of(file))) {
        config.load(reader);
      } catch (IOException e) {
        throw new UsageException("cannot read PLAYHEAD_KAFKA_ADMIN_CONFIG " + file + ": " + e.getMessage());
      }
    }
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "playhead-topics");
    return config;
  }

  private static boolean reachable(Admin admin, Options options) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(options.waitSeconds());
    while (true) {
      try {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        return true;
      } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
        if (Instant.now().isAfter(deadline)) {
          return false;
        }
        TimeUnit.SECONDS.sleep(1);
      }
    }
  }

  private static TopicDescription describe(Admin admin, String topic)
      throws ExecutionException, InterruptedException {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
  }

  /** The topic's configs as the cluster has them (defaults included). */
  private static Map<String, String> configs(Admin admin, String topic)
      throws ExecutionException, InterruptedException {
    ConfigResource resource = topicResource(topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    Map<String, String> values = new TreeMap<>();
    for (ConfigEntry entry : config.entries()) {
      values.put(entry.name(), entry.value());
    }
    return values;
  }

  private static ConfigResource topicResource(String topic) {
    return new ConfigResource(ConfigResource.Type.TOPIC, topic);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  private static int number(String value, String option) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a number, got " + value);
    }
  }
}
