package org.playhead.session.steering;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.playhead.steering.SteeringAnswer;

/**
 * The JSON bodies of the content-steering servers, from a decision.
 *
 * <ul>
 *   <li>DASH-IF Content Steering: {@code VERSION}, {@code TTL}, {@code RELOAD-URI}, {@code
 *       SERVICE-LOCATION-PRIORITY} and, because dash.js 5 reads that one, {@code PATHWAY-PRIORITY}
 *       with the same list; {@code PATHWAY-CLONES}.
 *   <li>HLS Content Steering: {@code VERSION}, {@code TTL}, {@code RELOAD-URI}, {@code
 *       PATHWAY-PRIORITY}, {@code PATHWAY-CLONES}.
 * </ul>
 *
 * A cache the player's manifest does not have reaches it as a clone of the origin's pathway (every
 * manifest has it) with its host replaced: both players clone by host, so a clone is offered only
 * when the cache's URL differs from the origin's by host alone.
 */
public final class SteeringResponses {
  private SteeringResponses() {}

  public static Map<String, Object> dash(
      SteeringAnswer answer, List<String> manifestPathways, String reloadUri, long ttlSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("VERSION", 1);
    body.put("TTL", ttlSeconds);
    body.put("RELOAD-URI", reloadUri);
    body.put("PATHWAY-PRIORITY", answer.pathways());
    body.put("SERVICE-LOCATION-PRIORITY", answer.pathways());
    List<Map<String, Object>> clones = clones(answer, manifestPathways);
    if (!clones.isEmpty()) {
      body.put("PATHWAY-CLONES", clones);
    }
    return body;
  }

  public static Map<String, Object> hls(
      SteeringAnswer answer, List<String> manifestPathways, String reloadUri, long ttlSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("VERSION", 1);
    body.put("TTL", ttlSeconds);
    body.put("RELOAD-URI", reloadUri);
    body.put("PATHWAY-PRIORITY", answer.pathways());
    List<Map<String, Object>> clones = clones(answer, manifestPathways);
    if (!clones.isEmpty()) {
      body.put("PATHWAY-CLONES", clones);
    }
    return body;
  }

  static List<Map<String, Object>> clones(SteeringAnswer answer, List<String> manifestPathways) {
    List<Map<String, Object>> clones = new ArrayList<>();
    if (manifestPathways.isEmpty()) {
      return clones;
    }
    SteeringAnswer.Choice origin = answer.choices().get(answer.choices().size() - 1);
    if (!manifestPathways.contains(origin.pathway())) {
      return clones;
    }
    URI base = URI.create(origin.baseUrl());
    for (SteeringAnswer.Choice c : answer.choices()) {
      if (manifestPathways.contains(c.pathway())) {
        continue;
      }
      URI uri = URI.create(c.baseUrl());
      if (uri.getScheme().equals(base.getScheme())
          && uri.getPort() == base.getPort()
          && uri.getRawPath().equals(base.getRawPath())) {
        Map<String, Object> clone = new LinkedHashMap<>();
        clone.put("BASE-ID", origin.pathway());
        clone.put("ID", c.pathway());
        clone.put("URI-REPLACEMENT", Map.of("HOST", uri.getHost()));
        clones.add(clone);
      }
    }
    return clones;
  }
}
