package org.playhead.session.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFormatTest {
  @ParameterizedTest
  @CsvSource({
    "json,JSON,0",
    "JSON,JSON,0",
    "' json ',JSON,0",
    "text,TEXT,0",
    "'',TEXT,0",
    "xml,TEXT,1"
  })
  void choosesTheAppenderAndReportsAnUnknownFormat(String format, String appender, int errors) {
    ContextBase context = new ContextBase();
    LogFormat definer = new LogFormat();
    definer.setContext(context);
    definer.setFormat(format);
    assertEquals(appender, definer.getPropertyValue());
    assertEquals(
        errors,
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() == Status.ERROR)
            .count());
  }
}
