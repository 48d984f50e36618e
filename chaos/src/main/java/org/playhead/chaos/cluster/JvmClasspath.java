package org.playhead.chaos.cluster;

import java.io.File;

/**
 * The classpath node processes run with: this JVM's own. The chaos module depends on
 * session-cluster, so its runtime classpath holds the node's Main and everything it needs.
 */
final class JvmClasspath {
  private JvmClasspath() {}

  static String current() {
    // Surefire and failsafe start tests from a manifest-only jar and put the real path here.
    String surefire = System.getProperty("surefire.test.class.path");
    String cp =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    return cp.replace(" ", File.pathSeparator);
  }
}
