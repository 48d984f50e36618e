package org.playhead.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  @Test
  void theFastLogarithmAgreesWithMathLog() {
    Random random = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      double x = ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
      double expected = Math.log(x);
      assertEquals(expected, Rendezvous.ln(x), Math.abs(expected) * 1e-6 + 1e-12, "ln " + x);
    }
  }
}
