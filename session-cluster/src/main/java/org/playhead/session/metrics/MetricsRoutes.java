package org.playhead.session.metrics;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.ExtensionId;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics} on the Pekko Management port, in the Prometheus text format. Pekko
 * Management loads it by name from {@code pekko.management.http.routes.metrics} (management.conf):
 * the name is the {@link Provider}, whose extension this is.
 */
public final class MetricsRoutes extends AllDirectives implements ManagementRouteProvider {
  /** Prometheus' text exposition format, the one every scraper accepts. */
  static final ContentType PROMETHEUS_TEXT =
      ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final PlayheadMetrics metrics;

  MetricsRoutes(PlayheadMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    // Read-only: nothing here changes the node, so it is served whatever
    // route-providers-read-only says.
    return path(
        "metrics",
        () ->
            get(
                () ->
                    complete(
                        HttpEntities.create(
                            PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8)))));
  }

  /** The extension id Pekko Management instantiates by class name. */
  public static final class Provider extends AbstractExtensionId<MetricsRoutes>
      implements ExtensionIdProvider {
    /** Extension ids compare by identity: every lookup must return this one instance. */
    public static final Provider INSTANCE = new Provider();

    @Override
    public ExtensionId<MetricsRoutes> lookup() {
      return INSTANCE;
    }

    @Override
    public MetricsRoutes createExtension(ExtendedActorSystem system) {
      return new MetricsRoutes(PlayheadMetrics.get(Adapter.toTyped(system)));
    }
  }
}
