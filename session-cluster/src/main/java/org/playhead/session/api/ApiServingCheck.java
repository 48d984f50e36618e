package org.playhead.session.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Readiness: the node's player API (HTTP and gRPC) is bound. Pekko Management instantiates it by
 * name from {@code pekko.management.health-checks.readiness-checks}.
 */
public final class ApiServingCheck implements Supplier<CompletionStage<Boolean>> {
  private final NodeReadiness readiness;

  public ApiServingCheck(ActorSystem system) {
    this.readiness = NodeReadiness.get(Adapter.toTyped(system));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(readiness.serving());
  }
}
