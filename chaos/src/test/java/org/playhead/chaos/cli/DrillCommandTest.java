package org.playhead.chaos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.playhead.chaos.cluster.Fault;
import picocli.CommandLine;

class DrillCommandTest {

  @Test
  void repeatedKillsAndFaultsKeepTheirOrder() {
    CommandLine chaos = ChaosMain.commandLine();
    CommandLine.ParseResult parsed =
        chaos.parseArgs(
            "drill",
            "--kill",
            "random",
            "--fault",
            "freeze:random:8s",
            "--kill",
            "oldest",
            "--fault",
            "cassandra:5s");
    DrillCommand drill = (DrillCommand) parsed.subcommand().commandSpec().userObject();
    assertEquals(
        List.of("kill9:random", "freeze:random:8s", "kill9:oldest", "cassandra:5s"),
        drill.faults().stream().map(Fault::spec).toList());
  }
}
