package org.playhead.chaos.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.playhead.chaos.cluster.CassandraControl;
import org.playhead.chaos.serve.ChaosServer;
import org.playhead.chaos.serve.DrillService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code playhead chaos serve}: the authenticated SRE endpoint that runs drills. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the SRE drill API: POST /v1/drills starts a drill, GET /v1/drills/{id} reads its"
          + " state and report, GET /v1/drills/{id}/report.html its page. SRE bearer tokens only"
          + " (./playhead token --role sre)."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to bind (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8570",
      description = "port to bind (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--out",
      description = "reports go to OUT/<drill id>/ (default: <work-dir>/drills)")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path reports = out != null ? out : cluster.workDir.resolve("drills");
    Optional<Path> cassandractl;
    try {
      cassandractl = Optional.of(CassandraControl.locateLauncher());
    } catch (IllegalStateException none) {
      cassandractl = Optional.empty();
    }
    ChaosServer server =
        ChaosServer.start(
            host, port, cluster.spec(), reports, cassandractl, DrillService.real(reports));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "chaos-server-stop"));
    var out = spec.commandLine().getOut();
    out.println(
        "SRE drill API on http://"
            + host
            + ":"
            + server.port()
            + "/v1/drills (reports in "
            + reports.toAbsolutePath()
            + ")");
    out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
