package org.playhead.session.api;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/** Whether this node serves players: set when the API binds, cleared when shutdown begins. */
public final class NodeReadiness implements Extension {
  private static final ExtensionId<NodeReadiness> ID =
      new ExtensionId<>() {
        @Override
        public NodeReadiness createExtension(ActorSystem<?> system) {
          return new NodeReadiness();
        }
      };

  private final AtomicBoolean serving = new AtomicBoolean();

  private NodeReadiness() {}

  public static NodeReadiness get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public boolean serving() {
    return serving.get();
  }

  void markServing(boolean value) {
    serving.set(value);
  }
}
