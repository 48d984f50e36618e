package org.playhead.chaos.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.playhead.chaos.cluster.NodeEndpoint;

/**
 * Puts each simulated account on its plan through the care API ({@code PUT
 * /v1/care/accounts/{id}/plan}), as customer care would, before any player starts: so the accounts
 * have 1, 2 or 4 stream slots whatever the nodes' default plan is.
 */
final class PlanSetup {
  private static final int IN_FLIGHT = 16;
  private static final int ATTEMPTS = 20;

  private final HttpClient client;
  private final List<NodeEndpoint> nodes;
  private final String careAuthorization;
  private final Duration timeout;

  PlanSetup(
      HttpClient client, List<NodeEndpoint> nodes, String careAuthorization, Duration timeout) {
    this.client = client;
    this.nodes = nodes;
    this.careAuthorization = careAuthorization;
    this.timeout = timeout;
  }

  record AccountPlan(String accountId, PlanTier plan) {}

  /** Sets every plan, a few at a time; fails if one could not be set on any node. */
  void apply(List<AccountPlan> accounts) throws InterruptedException {
    for (int from = 0; from < accounts.size(); from += IN_FLIGHT) {
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(accounts.size(), from + IN_FLIGHT); i++) {
        batch.add(set(accounts.get(i), i % nodes.size(), 1));
      }
      try {
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
            .get(timeout.toMillis() * ATTEMPTS + 10_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("Could not set the accounts' plans", e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("Setting the accounts' plans took too long", e);
      }
    }
  }

  private CompletableFuture<Void> set(AccountPlan account, int node, int attempt) {
    String body =
        "{\"plan\":\""
            + account.plan().name()
            + "\",\"why\":\"chaos drill: simulated account held at its plan limit\"}";
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    nodes.get(node).apiUrl()
                        + "/v1/care/accounts/"
                        + account.accountId()
                        + "/plan"))
            .timeout(timeout)
            .header("Authorization", careAuthorization)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure == null && response.statusCode() == 200) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              // No answer or a node-side failure: another node may do; a refusal will not change.
              boolean retry = failure != null || response.statusCode() >= 500;
              if (!retry || attempt >= ATTEMPTS) {
                return CompletableFuture.<Void>failedFuture(
                    new IllegalStateException(
                        "plan "
                            + account.plan().name()
                            + " for "
                            + account.accountId()
                            + ": "
                            + (failure != null
                                ? failure.toString()
                                : response.statusCode() + " " + response.body())));
              }
              int nextNode = (node + 1) % nodes.size();
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(
                          Math.min(2_000, 100L * attempt), TimeUnit.MILLISECONDS))
                  .thenCompose(ignored -> set(account, nextNode, attempt + 1));
            })
        .thenCompose(f -> f);
  }
}
