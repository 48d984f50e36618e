package org.playhead.session.care;

import java.util.List;

/**
 * A session's timeline: its own events and its account's events that name it, oldest first.
 *
 * @param accountId empty when the session's start event was not read
 * @param truncated a journal held more events than {@code playhead.care.timeline.max-events-read}:
 *     entries after the cap are missing
 */
public record Timeline(
    String sessionId, String accountId, List<TimelineEntry> entries, boolean truncated) {

  public Timeline {
    entries = List.copyOf(entries);
  }
}
