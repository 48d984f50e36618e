package org.playhead.chaos.verify;

import java.util.List;

/**
 * An account as the care API showed it after the drill ({@code GET /v1/care/accounts/{id}}).
 *
 * @param activeStreams the sessions holding a live slot now
 */
public record AccountObservation(
    String accountId, String plan, int maxStreams, List<String> activeStreams) {
  public AccountObservation {
    activeStreams = List.copyOf(activeStreams);
  }
}
