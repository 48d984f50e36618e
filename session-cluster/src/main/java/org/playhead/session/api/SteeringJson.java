package org.playhead.session.api;

import java.util.List;
import org.playhead.session.SteeringRecord;
import org.playhead.steering.SteeringAnswer;

/** Steering in the HTTP JSON shapes (mirrors {@code playhead.session.v1.Steering}). */
final class SteeringJson {
  private SteeringJson() {}

  /**
   * @param url where the title is on that cache
   */
  record ChoiceJson(String pathway, String url, String tier, String reason) {}

  /** The {@code "steering"} of a StartPlayback answer. */
  record StartJson(
      long ttlSeconds,
      String networkVersion,
      String clientNetwork,
      List<ChoiceJson> choices,
      String dashManifestUrl,
      String hlsPlaylistUrl,
      String dashSteeringUrl,
      String hlsSteeringUrl) {}

  /** The last decision a session persisted, in session views (care and player). */
  record DecisionJson(
      long atMs,
      String trigger,
      String networkVersion,
      String clientNetwork,
      List<ChoiceJson> choices) {}

  static StartJson start(SteeringStep.Steered s) {
    return new StartJson(
        s.ttlSeconds(),
        s.answer().networkVersion(),
        s.answer().clientNetwork(),
        choices(s.answer().choices(), s.titleId()),
        s.dashManifestUrl(),
        s.hlsPlaylistUrl(),
        s.dashSteeringUrl(),
        s.hlsSteeringUrl());
  }

  /** {@code null} before the first decision, so the field is left out. */
  static DecisionJson decision(SteeringRecord r, String titleId) {
    if (r == null || r.isNone()) {
      return null;
    }
    return new DecisionJson(
        r.atMs(),
        r.trigger(),
        r.networkVersion(),
        r.clientNetwork(),
        choices(r.choices(), titleId));
  }

  static List<ChoiceJson> choices(List<SteeringAnswer.Choice> choices, String titleId) {
    return choices.stream()
        .map(c -> new ChoiceJson(c.pathway(), c.baseUrl() + titleId + "/", c.tier(), c.reason()))
        .toList();
  }
}
