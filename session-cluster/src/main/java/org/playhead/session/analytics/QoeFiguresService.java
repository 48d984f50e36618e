package org.playhead.session.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.playhead.session.ClusterSerializable;

/**
 * The cluster's QoE figures for the SRE endpoint: every node registers its share (its partitions'
 * sessions) with the receptionist, and a request on any node asks them all and adds the shares up.
 * A node that does not answer in time is left out, and the answer says how many did.
 */
public final class QoeFiguresService {
  public static final ServiceKey<Ask> KEY = ServiceKey.create(Ask.class, "playhead-qoe-figures");

  public record Ask(ActorRef<NodeFigures> replyTo) implements ClusterSerializable {}

  /** One node's share. */
  public record NodeFigures(List<Entry> figures) implements ClusterSerializable {}

  public record Entry(String dimension, String value, QoeStats stats) {}

  /** The shares added up, and how many nodes contributed one. */
  public record ClusterFigures(Map<QoeAggregates.Key, QoeStats> figures, int nodes, int answered) {}

  private QoeFiguresService() {}

  public static void start(ActorSystem<?> system, QoeAggregator aggregator) {
    system.systemActorOf(
        create(aggregator), "playhead-qoe-figures", org.apache.pekko.actor.typed.Props.empty());
  }

  static Behavior<Ask> create(QoeAggregator aggregator) {
    return Behaviors.setup(
        ctx -> {
          ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
          return Behaviors.receiveMessage(
              ask -> {
                List<Entry> entries = new ArrayList<>();
                aggregator
                    .figures()
                    .forEach(
                        (key, stats) ->
                            entries.add(new Entry(key.dimension().name(), key.value(), stats)));
                ask.replyTo().tell(new NodeFigures(entries));
                return Behaviors.same();
              });
        });
  }

  public static CompletionStage<ClusterFigures> clusterFigures(
      ActorSystem<?> system, Duration timeout) {
    CompletionStage<Receptionist.Listing> listing =
        AskPattern.ask(
            system.receptionist(),
            (ActorRef<Receptionist.Listing> replyTo) -> Receptionist.find(KEY, replyTo),
            timeout,
            system.scheduler());
    return listing.thenCompose(
        found -> {
          List<CompletableFuture<NodeFigures>> shares = new ArrayList<>();
          for (ActorRef<Ask> node : found.getServiceInstances(KEY)) {
            shares.add(
                AskPattern.<Ask, NodeFigures>ask(node, Ask::new, timeout, system.scheduler())
                    .toCompletableFuture()
                    .exceptionally(noAnswer -> null));
          }
          return CompletableFuture.allOf(shares.toArray(CompletableFuture[]::new))
              .thenApply(
                  all -> {
                    Map<QoeAggregates.Key, QoeStats> sum = new TreeMap<>();
                    int answered = 0;
                    for (CompletableFuture<NodeFigures> share : shares) {
                      NodeFigures figures = share.join();
                      if (figures != null) {
                        answered++;
                        for (Entry e : figures.figures()) {
                          sum.merge(
                              new QoeAggregates.Key(
                                  QoeAggregates.Dimension.valueOf(e.dimension()), e.value()),
                              e.stats(),
                              QoeStats::plus);
                        }
                      }
                    }
                    return new ClusterFigures(sum, shares.size(), answered);
                  });
        });
  }
}
