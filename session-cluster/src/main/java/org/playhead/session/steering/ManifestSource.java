package org.playhead.session.steering;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Origin manifests (a title's MPD or HLS multivariant playlist), fetched from the origin once and
 * kept for a while: every session of a title is decorated from the same text.
 */
public final class ManifestSource {
  /** The origin has no such title (it answered 404). */
  public static final class TitleNotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TitleNotFound(String url) {
      super("the origin has no " + url, null, false, false);
    }
  }

  /** The origin failed otherwise. */
  public static final class OriginFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OriginFailed(String message) {
      super(message, null, false, false);
    }
  }

  private record Cached(String text, long fetchedAtMs) {}

  private static final int MAX_ENTRIES = 10_000;
  private final HttpClient client;
  private final SteeringSettings settings;
  private final Clock clock;
  private final Map<String, Cached> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  public ManifestSource(SteeringSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.manifestFetchTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The text at {@code url}, from the cache while fresh. */
  public CompletionStage<String> fetch(String url) {
    long now = clock.millis();
    synchronized (cache) {
      Cached hit = cache.get(url);
      if (hit != null && now - hit.fetchedAtMs() < settings.manifestCacheTtl().toMillis()) {
        return CompletableFuture.completedFuture(hit.text());
      }
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(settings.manifestFetchTimeout())
            .GET()
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() == 404) {
                throw new TitleNotFound(url);
              }
              if (response.statusCode() != 200) {
                throw new OriginFailed(
                    "the origin answered " + response.statusCode() + " for " + url);
              }
              synchronized (cache) {
                cache.put(url, new Cached(response.body(), clock.millis()));
              }
              return response.body();
            });
  }
}
