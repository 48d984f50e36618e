package org.playhead.session;

/**
 * Sizes the JDK's common pool before anything uses it.
 *
 * <p>The JDK sizes the pool at cores minus one, and while that is 1 (a two-core machine, a pod
 * limited to two CPUs) {@code CompletableFuture} gives every async stage a new thread of its own
 * ({@code ThreadPerTaskExecutor}) instead. Libraries still run stages there: Scala's adapter under
 * Pekko's javadsl {@code ask}, the gRPC and HTTP glue. A thread per stage made a node spend its CPU
 * starting threads under load. Four workers cost nothing idle and never start per task.
 */
public final class CommonPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  static final int MINIMUM = 4;

  private CommonPool() {}

  /** Call first in {@code main}: the pool reads the setting once, when first used. */
  public static void ensureSized() {
    if (System.getProperty(PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() - 1 < MINIMUM) {
      System.setProperty(PARALLELISM, Integer.toString(MINIMUM));
    }
  }
}
