package org.playhead.chaos.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every command that puts a cluster under load takes (drill, monkey): the cluster, the
 * players, and where its record goes.
 */
final class UnderLoadOptions {
  @Mixin ClusterOptions cluster;
  @Mixin PlayerOptions players;

  @Option(
      names = "--out",
      description = "records go to OUT/ (default: <work-dir>/drills or <work-dir>/monkey)")
  Path out;

  /** Where a command's records go: {@code --out}, else {@code <work-dir>/<kind>}. */
  Path outputDir(String kind) {
    return out != null ? out : cluster.workDir.resolve(kind);
  }
}
