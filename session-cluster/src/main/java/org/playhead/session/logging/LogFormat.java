package org.playhead.session.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Picks the node's log appender from {@code PLAYHEAD_LOG_FORMAT} for logback.xml: {@code text} (the
 * default, for people) or {@code json} (one JSON object a line, for log pipelines). Anything else
 * is a configuration error that logback prints at start, and the node logs text rather than
 * nothing.
 */
public final class LogFormat extends PropertyDefinerBase {
  private String format = "text";

  /** Set from logback.xml ({@code <format>}). */
  public void setFormat(String format) {
    this.format = format;
  }

  /** The name of the appender to use: {@code TEXT} or {@code JSON}. */
  @Override
  public String getPropertyValue() {
    String wanted = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
    switch (wanted) {
      case "json":
        return "JSON";
      case "", "text":
        return "TEXT";
      default:
        addError("PLAYHEAD_LOG_FORMAT must be text or json, not '" + format + "': logging text");
        return "TEXT";
    }
  }
}
