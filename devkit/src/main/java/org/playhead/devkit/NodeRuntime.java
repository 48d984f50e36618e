package org.playhead.devkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Playhead node as built: the classpath its {@code Main} runs on, and the configuration it runs
 * with, read from that classpath's own {@code application.conf} and {@code reference.conf} files
 * (never from the caller's: a tool outside the node has a classpath of its own). The node's build
 * writes its classpath to {@code session-cluster/target/node.classpath}; {@value
 * #CLASSPATH_FILE_PROPERTY} (or {@value #CLASSPATH_FILE_VARIABLE}) names that file.
 *
 * @param classpath the node's classpath, entries separated by the platform's path separator
 */
public record NodeRuntime(String classpath) {
  public static final String MAIN_CLASS = "org.playhead.session.Main";
  public static final String CLASSPATH_FILE_PROPERTY = "playhead.node.classpath-file";
  public static final String CLASSPATH_FILE_VARIABLE = "PLAYHEAD_NODE_CLASSPATH_FILE";

  public NodeRuntime {
    if (classpath == null || classpath.isBlank()) {
      throw new IllegalArgumentException("the node's classpath is empty");
    }
  }

  /** The node whose classpath file the system property or the environment names, if any. */
  public static Optional<NodeRuntime> configured() {
    String file = System.getProperty(CLASSPATH_FILE_PROPERTY);
    if (file == null || file.isBlank()) {
      file = System.getenv(CLASSPATH_FILE_VARIABLE);
    }
    return file == null || file.isBlank()
        ? Optional.empty()
        : Optional.of(fromClasspathFile(Path.of(file)));
  }

  /** The configured node, or a clear error saying how to build and name one. */
  public static NodeRuntime required() {
    return configured()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No node to run: set "
                        + CLASSPATH_FILE_VARIABLE
                        + " (or -D"
                        + CLASSPATH_FILE_PROPERTY
                        + ") to session-cluster/target/node.classpath, which `mvn -pl"
                        + " session-cluster -am package` writes"));
  }

  public static NodeRuntime fromClasspathFile(Path file) {
    try {
      return new NodeRuntime(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the node's classpath file "
              + file
              + " (build the node: mvn -pl session-cluster -am package)",
          e);
    }
  }

  /** The JVM's own classpath: for the node's own tests, whose classpath is the node's. */
  public static NodeRuntime ofThisJvm() {
    String surefire = System.getProperty("surefire.test.class.path");
    String cp =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    return new NodeRuntime(cp.replace(" ", File.pathSeparator));
  }

  /**
   * The configuration a node of this build runs with, given these overrides (as its {@code -D}
   * settings): its application.conf over its reference.conf files, resolved against this process's
   * environment (which the node processes inherit).
   */
  public Config config(Map<String, String> overrides) {
    try (URLClassLoader loader = new URLClassLoader(urls(), ClassLoader.getPlatformClassLoader())) {
      return ConfigFactory.parseMap(overrides)
          .withFallback(ConfigFactory.parseResourcesAnySyntax(loader, "application"))
          .withFallback(ConfigFactory.defaultReferenceUnresolved(loader))
          .resolve();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the node's class loader", e);
    }
  }

  private URL[] urls() {
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        urls.add(Path.of(entry).toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("bad classpath entry " + entry, e);
      }
    }
    return urls.toArray(URL[]::new);
  }
}
