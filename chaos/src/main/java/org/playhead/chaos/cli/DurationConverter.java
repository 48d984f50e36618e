package org.playhead.chaos.cli;

import java.time.Duration;
import org.playhead.chaos.cluster.DurationText;
import picocli.CommandLine;

/** 500ms, 8s, 2m, 1h. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
