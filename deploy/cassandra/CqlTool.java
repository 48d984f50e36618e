/*
 * A small CQL client for the Playhead Cassandra launcher and for operators.
 *
 * Run it with Java 17's source launcher and the classpath of cql-tool.pom.xml (the
 * CQL driver the application uses, plus slf4j-nop); cassandractl does both:
 *
 *   java -cp <driver classpath> CqlTool.java [options] <command> [args]
 *
 * Commands:
 *   ping [--wait SECONDS]  exits 0 once `SELECT release_version FROM system.local` answers,
 *                          trying again every second for up to SECONDS (default: one try)
 *   apply <dir>            applies the V<n>__<name>.cql files of <dir> that are not yet in
 *                          <keyspace>.schema_version, in version order, recording each one
 *   applied                lists the versions recorded in <keyspace>.schema_version
 *   run <file>             executes every statement of one file, recording nothing
 *   exec "<cql>"           executes one statement and prints the rows
 *   <command> then <command> ...   runs several commands in one JVM, stopping at the first failure
 *
 * Options: --host (127.0.0.1), --port (9042), --dc (datacenter1), --keyspace (playhead).
 * Credentials, when the cluster needs them, come from the environment only:
 * PLAYHEAD_CASSANDRA_USERNAME and PLAYHEAD_CASSANDRA_PASSWORD; TLS, when the cluster requires it,
 * too: PLAYHEAD_CASSANDRA_TRUSTSTORE (a PKCS12 trust store of the nodes' CA) and
 * PLAYHEAD_CASSANDRA_TRUSTSTORE_PASSWORD, with host name validation (as the nodes' driver does).
 *
 * File format: statements end with ';' at the end of a line; lines starting with '--' or
 * '//' are comments. Versioned files must be idempotent (IF NOT EXISTS), because two
 * concurrent `apply` runs may both apply a pending file before either records it.
 *
 * Exit codes: 0 done, 1 a statement or file failed, 2 bad usage, 3 no CQL on host:port.
 */

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public final class CqlTool {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  /** DDL on a loaded 2-core machine can take many seconds; a CI run must not fail on it. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  static final Pattern VERSIONED_FILE = Pattern.compile("V(\\d+)__[A-Za-z0-9_.-]+\\.cql");

  record Options(String host, int port, String dc, String keyspace) {}

  /** Thrown for mistakes in the command line or in the schema files; ends with exit code 2. */
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
      System.err.println("CqlTool: " + e.getMessage());
      code = USAGE;
    } catch (AllNodesFailedException e) {
      System.err.println("CqlTool: no CQL answer: " + firstLine(e.getMessage()));
      code = UNREACHABLE;
    } catch (DriverException | IOException | IllegalStateException e) {
      System.err.println("CqlTool: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      code = FAILED;
    }
    System.exit(code);
  }

  static int run(List<String> args) throws IOException {
    String host = "127.0.0.1";
    int port = 9042;
    String dc = "datacenter1";
    String keyspace = "playhead";
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--host" -> host = value(args, ++i, arg);
        case "--port" -> port = intValue(args, ++i, arg);
        case "--dc" -> dc = value(args, ++i, arg);
        case "--keyspace" -> keyspace = value(args, ++i, arg);
        default -> rest.add(arg);
      }
    }
    if (rest.isEmpty()) {
      throw new UsageException("usage: CqlTool [--host H] [--port P] [--dc DC] [--keyspace K]"
          + " ping [--wait S] | apply <dir> | applied | run <file> | exec \"<cql>\""
          + " [then <command> ...]");
    }
    Options options = new Options(host, port, dc, keyspace);
    // "a then b then c" runs several commands in one JVM (a JVM start costs seconds here),
    // stopping at the first that fails.
    int start = 0;
    for (int i = 0; i <= rest.size(); i++) {
      if (i == rest.size() || rest.get(i).equals("then")) {
        if (i == start) {
          throw new UsageException("empty command around 'then'");
        }
        int code = command(options, rest.get(start), rest.subList(start + 1, i));
        if (code != OK) {
          return code;
        }
        start = i + 1;
      }
    }
    return OK;
  }

  static int command(Options options, String command, List<String> params) throws IOException {
    return switch (command) {
      case "ping" -> ping(options, params);
      case "apply" -> apply(options, Path.of(single(params, "apply <dir>")));
      case "applied" -> applied(options);
      case "run" -> runFile(options, Path.of(single(params, "run <file>")));
      case "exec" -> exec(options, single(params, "exec \"<cql>\""));
      default -> throw new UsageException("unknown command: " + command);
    };
  }

  // ---- commands

  static int ping(Options options, List<String> params) {
    int waitSeconds = 0;
    if (params.size() == 2 && params.get(0).equals("--wait")) {
      waitSeconds = intValue(params, 1, "--wait");
    } else if (!params.isEmpty()) {
      throw new UsageException("usage: ping [--wait SECONDS]");
    }
    Instant deadline = Instant.now().plusSeconds(waitSeconds);
    while (true) {
      try (CqlSession session = connect(options)) {
        Row row = session.execute("SELECT release_version FROM system.local").one();
        String version = row == null ? "?" : row.getString("release_version");
        System.out.println("Cassandra " + version + " answers CQL on " + options.host() + ":" + options.port());
        return OK;
      } catch (DriverException e) {
        if (Instant.now().isAfter(deadline)) {
          System.err.println("CqlTool: no CQL answer on " + options.host() + ":" + options.port()
              + ": " + firstLine(e.getMessage()));
          return UNREACHABLE;
        }
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  static int apply(Options options, Path dir) throws IOException {
    Map<Integer, Path> files = versionedFiles(dir);
    // Parse everything before touching the cluster, so a broken file fails the whole run.
    Map<Integer, List<String>> statements = new HashMap<>();
    for (Map.Entry<Integer, Path> file : files.entrySet()) {
      statements.put(file.getKey(), statements(file.getValue()));
    }
    String table = options.keyspace() + ".schema_version";
    try (CqlSession session = connect(options)) {
      Row keyspaceRow = session.execute(SimpleStatement.newInstance(
              "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", options.keyspace())
          .setTimeout(REQUEST_TIMEOUT)).one();
      if (keyspaceRow == null) {
        System.err.println("CqlTool: keyspace " + options.keyspace() + " does not exist; create it first"
            + " (keyspace-dev.cql does it for a local node; see README.md for a cluster)");
        return FAILED;
      }
      execute(session, "CREATE TABLE IF NOT EXISTS " + table
          + " (version int PRIMARY KEY, file text, applied_at timestamp)");
      Map<Integer, String> done = appliedVersions(session, table);
      int appliedNow = 0;
      for (Map.Entry<Integer, Path> file : files.entrySet()) {
        int version = file.getKey();
        String name = file.getValue().getFileName().toString();
        if (done.containsKey(version)) {
          if (!done.get(version).equals(name)) {
            System.err.println("CqlTool: warning: version " + version + " was applied from "
                + done.get(version) + ", the folder now has " + name);
          }
          continue;
        }
        List<String> fileStatements = statements.get(version);
        for (String statement : fileStatements) {
          execute(session, statement);
        }
        session.execute(SimpleStatement.newInstance(
                "INSERT INTO " + table + " (version, file, applied_at) VALUES (?, ?, toTimestamp(now()))",
                version, name)
            .setTimeout(REQUEST_TIMEOUT));
        System.out.println("applied " + name + " (" + fileStatements.size() + " statements)");
        appliedNow++;
      }
      System.out.println("schema of keyspace " + options.keyspace() + " is up to date: "
          + (files.size() - appliedNow) + " file(s) applied before, " + appliedNow + " now");
      return OK;
    }
  }

  static int applied(Options options) {
    try (CqlSession session = connect(options)) {
      ResultSet rows = session.execute(SimpleStatement.newInstance(
          "SELECT version, file, applied_at FROM " + options.keyspace() + ".schema_version"));
      TreeMap<Integer, String> sorted = new TreeMap<>();
      for (Row row : rows) {
        sorted.put(row.getInt("version"), row.getString("file") + "  " + row.getInstant("applied_at"));
      }
      sorted.forEach((version, line) -> System.out.println(version + "  " + line));
      return OK;
    }
  }

  static int runFile(Options options, Path file) throws IOException {
    List<String> fileStatements = statements(file);
    try (CqlSession session = connect(options)) {
      for (String statement : fileStatements) {
        execute(session, statement);
      }
    }
    System.out.println("ran " + file.getFileName() + " (" + fileStatements.size() + " statements)");
    return OK;
  }

  static int exec(Options options, String cql) {
    try (CqlSession session = connect(options)) {
      ResultSet rows = execute(session, stripTrailingSemicolon(cql.strip()));
      ColumnDefinitions columns = rows.getColumnDefinitions();
      if (columns.size() == 0) {
        System.out.println("OK");
        return OK;
      }
      CodecRegistry codecs = session.getContext().getCodecRegistry();
      List<String> header = new ArrayList<>();
      columns.forEach(column -> header.add(column.getName().asInternal()));
      System.out.println(String.join(" | ", header));
      int count = 0;
      for (Row row : rows) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          Object value = row.getObject(i);
          cells.add(value == null ? "null"
              : value instanceof String text ? text
              : codecs.codecFor(columns.get(i).getType()).format(value));
        }
        System.out.println(String.join(" | ", cells));
        count++;
      }
      System.out.println("(" + count + " rows)");
      return OK;
    }
  }

  // ---- driver

  static CqlSession connect(Options options) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(60))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, REQUEST_TIMEOUT)
        .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
        // No schema or token metadata: not needed here, and the driver refreshes it after
        // every DDL statement behind a 1 s debouncer, which made each CREATE TABLE cost 1 s.
        // Schema agreement is checked all the same (it does not use this metadata).
        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
        .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
        // Netty's graceful shutdown waits a 2 s quiet period by default: this tool exits
        // right after closing the session, nothing is left to drain.
        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
        .build();
    CqlSessionBuilder builder = CqlSession.builder()
        .withConfigLoader(config)
        .addContactPoint(new InetSocketAddress(options.host(), options.port()))
        .withLocalDatacenter(options.dc());
    String username = System.getenv("PLAYHEAD_CASSANDRA_USERNAME");
    if (username != null && !username.isEmpty()) {
      String password = System.getenv().getOrDefault("PLAYHEAD_CASSANDRA_PASSWORD", "");
      builder = builder.withAuthCredentials(username, password);
    }
    String truststore = System.getenv("PLAYHEAD_CASSANDRA_TRUSTSTORE");
    if (truststore != null && !truststore.isEmpty()) {
      builder = builder.withSslEngineFactory(new ProgrammaticSslEngineFactory(
          sslContext(Path.of(truststore),
              System.getenv().getOrDefault("PLAYHEAD_CASSANDRA_TRUSTSTORE_PASSWORD", "")),
          null, true));
    }
    return builder.build();
  }

  static SSLContext sslContext(Path truststore, String password) {
    try (var in = Files.newInputStream(truststore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new UsageException("cannot read the trust store " + truststore + ": " + e.getMessage());
    }
  }

  /** Runs one statement; after DDL, waits until every node has the new schema. */
  static ResultSet execute(CqlSession session, String cql) {
    ResultSet result = session.execute(SimpleStatement.newInstance(cql).setTimeout(REQUEST_TIMEOUT));
    if (!result.getExecutionInfo().isSchemaInAgreement()) {
      Instant deadline = Instant.now().plusSeconds(60);
      while (!session.checkSchemaAgreement()) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("no schema agreement 60 s after: " + firstLine(cql));
        }
        sleep(Duration.ofMillis(500));
      }
    }
    return result;
  }

  static Map<Integer, String> appliedVersions(CqlSession session, String table) {
    Map<Integer, String> applied = new HashMap<>();
    for (Row row : session.execute(SimpleStatement.newInstance("SELECT version, file FROM " + table)
        .setTimeout(REQUEST_TIMEOUT))) {
      applied.put(row.getInt("version"), row.getString("file"));
    }
    return applied;
  }

  // ---- files

  static Map<Integer, Path> versionedFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UsageException("not a directory: " + dir);
    }
    TreeMap<Integer, Path> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path file : (Iterable<Path>) entries.sorted()::iterator) {
        Matcher name = VERSIONED_FILE.matcher(file.getFileName().toString());
        if (!name.matches()) {
          continue;
        }
        int version = Integer.parseInt(name.group(1));
        Path clash = files.put(version, file);
        if (clash != null) {
          throw new UsageException("two files for version " + version + ": " + clash.getFileName()
              + " and " + file.getFileName());
        }
      }
    }
    return files;
  }

  /** Splits a file into statements: each ends with ';' at the end of a line. */
  static List<String> statements(Path file) throws IOException {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.startsWith("//")) {
        continue;
      }
      if (trimmed.isEmpty() && current.length() == 0) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        statements.add(stripTrailingSemicolon(current.toString().strip()));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new UsageException(file + ": the last statement does not end with ';'");
    }
    return statements;
  }

  // ---- small helpers

  static String stripTrailingSemicolon(String cql) {
    return cql.endsWith(";") ? cql.substring(0, cql.length() - 1).strip() : cql;
  }

  static String single(List<String> params, String usage) {
    if (params.size() != 1) {
      throw new UsageException("usage: " + usage);
    }
    return params.get(0);
  }

  static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  static int intValue(List<String> args, int i, String option) {
    try {
      return Integer.parseInt(value(args, i, option));
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a number");
    }
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
