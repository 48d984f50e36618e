package org.playhead.session.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.playhead.session.analytics.Analytics;
import org.playhead.session.analytics.QoeAggregates;
import org.playhead.session.analytics.QoeFiguresService;
import org.playhead.session.analytics.QoeStats;
import org.playhead.session.security.HttpAuth;
import org.playhead.session.security.Role;

/**
 * The live QoE figures of the whole cluster, for SRE tokens only:
 *
 * <pre>
 *   GET /v1/sre/qoe?dimension=all|title|pathway|network[&amp;key=VALUE]
 * </pre>
 *
 * Every node's share (the sessions of its Kafka partitions) is asked for and added up; the answer
 * says how many nodes answered. Figures cover the sliding window of {@code
 * playhead.analytics.aggregates.window} (concurrent plays: now).
 */
public final class SreQoeRoutes extends JsonRoutes {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final Analytics analytics;
  private final HttpAuth auth;

  public SreQoeRoutes(ActorSystem<?> system, Analytics analytics, HttpAuth auth, long maxBody) {
    super(maxBody);
    this.system = system;
    this.analytics = analytics;
    this.auth = auth;
  }

  record Figure(
      String key,
      long concurrentPlays,
      long plays,
      long videoStarts,
      long videoStartupP50Ms,
      long videoStartupP95Ms,
      long videoStartFailures,
      long exitsBeforeVideoStart,
      double rebufferingRatio,
      long averageBitrateKbps,
      double errorRate,
      double playedSeconds,
      double rebufferingSeconds,
      long samples) {
    static Figure of(String key, QoeStats s) {
      return new Figure(
          key,
          s.concurrentPlays(),
          s.plays(),
          s.videoStarts(),
          s.startupPercentileMs(50),
          s.startupPercentileMs(95),
          s.videoStartFailures(),
          s.exitsBeforeVideoStart(),
          s.rebufferingRatio(),
          s.averageBitrateKbps(),
          s.errorRate(),
          s.playedMs() / 1000.0,
          s.rebufferingMs() / 1000.0,
          s.samples());
    }
  }

  record FiguresJson(
      long windowSeconds, int nodes, int nodesAnswered, String dimension, List<Figure> figures) {}

  public Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("sre").slash("qoe"),
        () ->
            pathEndOrSingleSlash(
                () ->
                    auth.authenticated(
                        Role.SRE,
                        sre ->
                            get(
                                () ->
                                    parameterOptional(
                                        "dimension",
                                        dimension ->
                                            parameterOptional(
                                                "key", key -> figures(dimension, key)))))));
  }

  private Route figures(Optional<String> dimensionParam, Optional<String> key) {
    Optional<QoeAggregates.Dimension> dimension = dimension(dimensionParam.orElse("all"));
    if (dimension.isEmpty()) {
      return problem(
          Problem.invalid(
              "dimension must be all, title, pathway or network",
              List.of(new Problem.FieldError("dimension", "unknown dimension"))));
    }
    if (analytics.aggregates().isEmpty()) {
      return problem(
          Problem.of(
              "qoe-off",
              "QoE aggregates are off",
              503,
              "This node runs without QoE aggregates (playhead.analytics.aggregates.enabled)."));
    }
    return onComplete(
        QoeFiguresService.clusterFigures(system, ASK_TIMEOUT),
        result -> {
          if (result.isFailure()) {
            return problem(unavailable(result.failed().get()));
          }
          QoeFiguresService.ClusterFigures cluster = result.get();
          List<Figure> figures = new ArrayList<>();
          for (Map.Entry<QoeAggregates.Key, QoeStats> e : cluster.figures().entrySet()) {
            if (e.getKey().dimension() == dimension.get()
                && key.map(k -> k.equals(e.getKey().value())).orElse(true)) {
              figures.add(Figure.of(e.getKey().value(), e.getValue()));
            }
          }
          return complete(
              json(
                  StatusCodes.OK,
                  new FiguresJson(
                      analytics.settings().aggregates().window().toSeconds(),
                      cluster.nodes(),
                      cluster.answered(),
                      dimension.get().label(),
                      figures)));
        });
  }

  private static Optional<QoeAggregates.Dimension> dimension(String name) {
    for (QoeAggregates.Dimension d : QoeAggregates.Dimension.values()) {
      if (d.label().equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
