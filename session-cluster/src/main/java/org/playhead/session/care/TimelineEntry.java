package org.playhead.session.care;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened to a session, as persisted.
 *
 * @param atMs when it happened (epoch ms), taken from the event itself
 * @param source {@link #SESSION} for the session's own journal, {@link #ACCOUNT} for its account's,
 *     {@link #LICENSE} for its license ledger's
 * @param kind a stable, lower-case name: {@code started}, {@code playing}, {@code stream-ended}...
 * @param summary one line for a care agent
 * @param details the event's facts as strings, in a stable order
 * @param sequenceNr the event's sequence number in its own journal
 */
public record TimelineEntry(
    long atMs,
    String source,
    String kind,
    String summary,
    Map<String, String> details,
    long sequenceNr) {

  public static final String SESSION = "session";
  public static final String ACCOUNT = "account";
  public static final String LICENSE = "license";

  public TimelineEntry {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(summary, "summary");
    // Insertion-ordered and unmodifiable (Map.copyOf would lose the order the JSON shows).
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }
}
