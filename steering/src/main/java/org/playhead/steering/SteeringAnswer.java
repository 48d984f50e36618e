package org.playhead.steering;

import java.util.List;

/**
 * A decision as the world sees it: caches best first, each with a short reason, and the origin
 * last.
 *
 * @param networkVersion the delivery network the decision was made on
 * @param clientNetwork the most specific announced prefix containing the client (empty when none):
 *     what matched, without keeping the client's address
 */
public record SteeringAnswer(String networkVersion, String clientNetwork, List<Choice> choices) {

  public SteeringAnswer {
    choices = List.copyOf(choices);
  }

  /**
   * One ranked entry.
   *
   * @param pathway the id players use: DASH {@code serviceLocation}, HLS {@code PATHWAY-ID}
   * @param baseUrl the cache's (or origin's) base URL; a title is under {@code baseUrl + titleId +
   *     "/"}
   * @param tier {@code embedded}, {@code exchange}, {@code transit}, {@code partner} or {@code
   *     origin}
   */
  public record Choice(String pathway, String baseUrl, String tier, String reason) {}

  public List<String> pathways() {
    return choices.stream().map(Choice::pathway).toList();
  }
}
