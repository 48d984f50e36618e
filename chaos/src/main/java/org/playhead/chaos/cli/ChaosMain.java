package org.playhead.chaos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code playhead chaos ...}: drills, the monkey, a bare cluster, the SRE endpoint. */
@Command(
    name = "playhead chaos",
    mixinStandardHelpOptions = true,
    description = "Chaos drills and the multi-node kit for Playhead.",
    subcommands = {
      ClusterCommand.class,
      DrillCommand.class,
      MonkeyCommand.class,
      ServeCommand.class
    })
public final class ChaosMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ChaosMain());
    // --kill and --fault repeat, in order, through their setters: picocli calls a setter once per
    // occurrence only when options may be given again (otherwise "specified only once").
    cl.setOverwrittenOptionsAllowed(true);
    // A bad value (an unknown fault, a malformed window) is a usage error, not a stack trace.
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException) {
            commandLine.getErr().println("chaos: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
