package org.playhead.chaos.verify;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.playhead.chaos.cluster.NodeEndpoint;
import org.playhead.chaos.load.Operation;
import org.playhead.chaos.load.OperationKind;
import org.playhead.chaos.load.OperationLedger;
import org.playhead.session.security.Principal;
import org.playhead.session.security.SecuritySettings;
import org.playhead.session.security.TokenMinter;

/**
 * CONTRACT FAKE (chaos-cluster branch only): checks two of the real verifier's rules through the
 * care API: every session of a killed node answers again, and every acknowledged stop shows.
 */
public final class DrillVerifier {
  private final List<NodeEndpoint> nodes;
  private final String careToken;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public DrillVerifier(
      List<NodeEndpoint> nodes,
      Path devKeysFile,
      String cassandraHost,
      int cassandraPort,
      Duration checkpointInterval) {
    this.nodes = List.copyOf(nodes);
    this.careToken =
        new TokenMinter(
                SecuritySettings.fromConfig(
                    ConfigFactory.parseMap(
                            Map.of(
                                "playhead.security.dev-keys-file",
                                devKeysFile.toAbsolutePath().toString()))
                        .withFallback(ConfigFactory.load())),
                Clock.systemUTC())
            .mint(new Principal.CareAgent("drill-verifier"), Duration.ofHours(1));
  }

  public VerificationResult verify(OperationLedger ledger, Set<String> sessionsOfKilledNodes)
      throws IOException, InterruptedException {
    List<Violation> violations = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    for (String id : sessionsOfKilledNodes) {
      if (state(id) == null) {
        silent.add(id);
      }
    }
    if (!silent.isEmpty()) {
      violations.add(
          new Violation("killed-node-sessions-answer", silent, "no answer from these sessions"));
    }
    List<String> notStopped = new ArrayList<>();
    long stops = 0;
    for (Operation op : ledger.operations()) {
      if (op.kind() == OperationKind.STOP && op.acknowledged()) {
        stops++;
        if (!"STOPPED".equals(state(op.sessionId()))) {
          notStopped.add(op.sessionId());
        }
      }
    }
    if (!notStopped.isEmpty()) {
      violations.add(
          new Violation("acknowledged-stop-reflected", notStopped, "acknowledged stop not shown"));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("sessionsOfKilledNodes", (long) sessionsOfKilledNodes.size());
    counts.put("acknowledgedStops", stops);
    return new VerificationResult(violations, counts);
  }

  private String state(String sessionId) throws IOException, InterruptedException {
    for (int attempt = 0; attempt < nodes.size() * 2; attempt++) {
      NodeEndpoint node = nodes.get(attempt % nodes.size());
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(node.apiUrl() + "/v1/care/sessions/" + sessionId))
                    .header("Authorization", "Bearer " + careToken)
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          int i = response.body().indexOf("\"state\":\"");
          return i < 0 ? "?" : response.body().substring(i + 9, response.body().indexOf('"', i + 9));
        }
      } catch (IOException e) {
        // try the next node
      }
    }
    return null;
  }
}
