package org.playhead.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OCI image tar that Jib built in this module's package phase: it holds the node (its jars,
 * main class and configuration), the schema job's CqlTool and schema files, runs as a non-root
 * user, exposes the node's ports, carries its app version, and has fixed timestamps (reproducible).
 * It is built on {@code scratch} here (no registry to pull a JRE base from), so these are the
 * application's layers exactly as a release on a JRE base carries them.
 */
class ImageTarIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, byte[]> blobs = new HashMap<>();
  static JsonNode config;
  static JsonNode manifest;
  static final Map<String, byte[]> files = new HashMap<>();
  static final List<Instant> fileTimes = new ArrayList<>();

  @BeforeAll
  static void readImage() throws IOException {
    Path tar = Path.of(System.getProperty("playhead.image.tar"));
    assertTrue(Files.isRegularFile(tar), tar + " was not built");
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (entry.isFile()) {
          blobs.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    JsonNode index = JSON.readTree(blobs.get("index.json"));
    manifest = JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()));
    config = JSON.readTree(blob(manifest.path("config").path("digest").asText()));
    for (JsonNode layer : manifest.path("layers")) {
      try (TarArchiveInputStream in =
          new TarArchiveInputStream(
              new GZIPInputStream(new ByteArrayInputStream(blob(layer.path("digest").asText()))))) {
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
          fileTimes.add(entry.getModTime().toInstant());
          if (entry.isFile()) {
            files.put(entry.getName(), in.readAllBytes());
          }
        }
      }
    }
  }

  static byte[] blob(String digest) {
    byte[] bytes = blobs.get("blobs/sha256/" + digest.substring("sha256:".length()));
    assertTrue(bytes != null, digest + " missing from the tar");
    return bytes;
  }

  @Test
  void runsTheNodeAsANonRootUserOnItsPorts() {
    JsonNode container = config.path("config");
    List<String> entrypoint = new ArrayList<>();
    container.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
    assertEquals("java", entrypoint.get(0));
    assertEquals("org.playhead.session.Main", entrypoint.get(entrypoint.size() - 1));
    assertTrue(entrypoint.contains("@/app/jib-classpath-file"), entrypoint.toString());
    assertEquals("65532:65532", container.path("User").asText());
    for (String port : List.of("8080/tcp", "8558/tcp", "25520/tcp")) {
      assertTrue(container.path("ExposedPorts").has(port), port);
    }
    List<String> env = new ArrayList<>();
    container.path("Env").forEach(e -> env.add(e.asText()));
    assertTrue(
        env.contains("PLAYHEAD_APP_VERSION=" + System.getProperty("playhead.image.version")),
        env.toString());
  }

  @Test
  void holdsTheNodeItsDependenciesAndTheSchemaJob() throws IOException {
    assertTrue(files.containsKey("app/libs/pekko-cluster-sharding_2.13-1.2.1.jar"));
    String classpath = new String(files.get("app/jib-classpath-file"));
    assertTrue(classpath.contains("/app/libs/session-cluster-"), classpath);
    assertEquals(
        "org.playhead.session.Main", new String(files.get("app/jib-main-class-file")).trim());
    byte[] node =
        files.entrySet().stream()
            .filter(e -> e.getKey().matches("app/libs/session-cluster-.*\\.jar"))
            .findFirst()
            .orElseThrow()
            .getValue();
    List<String> entries = jarEntries(new ByteArrayInputStream(node));
    for (String expected :
        List.of(
            "org/playhead/session/Main.class",
            "org/playhead/session/metrics/MetricsRoutes.class",
            "application.conf",
            "kubernetes.conf",
            "logback.xml")) {
      assertTrue(entries.contains(expected), expected + " not in the node's jar");
    }
    assertTrue(files.containsKey("app/classes/CqlTool.class"), "the schema job's tool");
    assertTrue(
        files.keySet().stream().anyMatch(f -> f.matches("app/schema/V001__.*\\.cql")),
        "the schema files");
    assertTrue(files.keySet().stream().noneMatch(f -> f.contains("junit")), "no test jars");
  }

  @Test
  void isReproducible() {
    assertEquals("1970-01-01T00:00:00Z", config.path("created").asText());
    assertTrue(
        fileTimes.stream().allMatch(t -> t.equals(Instant.ofEpochSecond(1))),
        "every file at the epoch plus one second");
  }

  static List<String> jarEntries(InputStream jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (JarInputStream in = new JarInputStream(jar)) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName());
      }
    }
    return names;
  }
}
