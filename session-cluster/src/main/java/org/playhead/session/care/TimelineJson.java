package org.playhead.session.care;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a session's timeline for care (times in epoch ms, as elsewhere in the API, plus
 * ISO-8601 for people). Plain records: any Jackson {@code ObjectMapper} writes them.
 *
 * @param truncated a journal held more than {@code maxEventsRead} events; later ones are missing
 */
public record TimelineJson(
    String sessionId,
    String accountId,
    boolean truncated,
    int maxEventsRead,
    List<EntryJson> entries) {

  public record EntryJson(
      long atMs,
      String at,
      String source,
      String kind,
      String summary,
      Map<String, String> details,
      long sequenceNr) {}

  public static TimelineJson of(Timeline timeline, int maxEventsRead) {
    return new TimelineJson(
        timeline.sessionId(),
        timeline.accountId(),
        timeline.truncated(),
        maxEventsRead,
        timeline.entries().stream().map(TimelineJson::entry).toList());
  }

  private static EntryJson entry(TimelineEntry e) {
    return new EntryJson(
        e.atMs(),
        Instant.ofEpochMilli(e.atMs()).toString(),
        e.source(),
        e.kind(),
        e.summary(),
        e.details(),
        e.sequenceNr());
  }
}
