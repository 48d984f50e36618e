package org.playhead.session;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.playhead.session.api.PlayheadNode;

/** Starts one Playhead node: the actor system joins its cluster, then the API binds. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommonPool.ensureSized();
    long startedAt = System.nanoTime();
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.setup(
                ctx -> {
                  PlayheadNode.start(ctx.getSystem(), startedAt);
                  return Behaviors.empty();
                }),
            "Playhead");
    system.getWhenTerminated().thenRun(() -> System.exit(0));
  }
}
