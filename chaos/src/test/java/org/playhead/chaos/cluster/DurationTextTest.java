package org.playhead.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void readsAndWritesTheUsualUnits() {
    assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
    assertEquals(Duration.ofSeconds(8), DurationText.parse(" 8s "));
    assertEquals(Duration.ofMinutes(2), DurationText.parse("2m"));
    assertEquals(Duration.ofHours(1), DurationText.parse("1h"));
    assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
    assertEquals("90s", DurationText.format(Duration.ofSeconds(90)));
    assertEquals("2m", DurationText.format(Duration.ofSeconds(120)));
    assertEquals("0s", DurationText.format(Duration.ZERO));
  }

  @Test
  void refusesOtherText() {
    for (String bad : new String[] {"", "8", "s", "8 s", "1.5s", "-1s", "2d", null}) {
      assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
    }
  }
}
