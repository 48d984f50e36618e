package org.playhead.chaos.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RampGateTest {
  @Test
  void letsAtMostTheLimitThroughAndTheNextOneAsEachLeaves() {
    RampGate gate = new RampGate(2);
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int player = i;
      gate.enter(() -> started.add(player));
    }
    assertEquals(List.of(0, 1), started);
    gate.leave();
    assertEquals(List.of(0, 1, 2), started);
    gate.leave();
    gate.leave();
    assertEquals(List.of(0, 1, 2, 3, 4), started);
    gate.leave();
    gate.leave();
    gate.enter(() -> started.add(5));
    gate.enter(() -> started.add(6));
    gate.enter(() -> started.add(7));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), started, "two places free again, no more");
    gate.close();
    gate.leave();
    assertEquals(7, started.size(), "a closed gate lets no one else through");
  }
}
