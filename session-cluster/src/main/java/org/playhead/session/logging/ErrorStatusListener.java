package org.playhead.session.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.util.StatusPrinter2;

/**
 * Prints logback's own errors (a bad {@code PLAYHEAD_LOG_FORMAT}, an unreadable logback.xml) to
 * stderr and nothing else: logback's stock listeners print every notice, including that the
 * appender not chosen goes unused.
 */
public final class ErrorStatusListener implements StatusListener {
  @Override
  public void addStatusEvent(Status status) {
    if (status.getEffectiveLevel() >= Status.ERROR) {
      StringBuilder text = new StringBuilder();
      new StatusPrinter2().buildStr(text, "", status);
      System.err.print(text);
    }
  }
}
