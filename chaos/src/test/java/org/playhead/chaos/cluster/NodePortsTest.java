package org.playhead.chaos.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NodePortsTest {

  @Test
  void freePortsAreThreeDistinctOnes() {
    NodePorts ports = NodePorts.free("127.0.0.1");
    assertEquals(3, Set.of(ports.api(), ports.remoting(), ports.management()).size());
  }

  @Test
  void refusesSharedOrImpossiblePorts() {
    assertThrows(IllegalArgumentException.class, () -> new NodePorts(8080, 8080, 8558));
    assertThrows(IllegalArgumentException.class, () -> new NodePorts(0, 25520, 8558));
    assertThrows(IllegalArgumentException.class, () -> new NodePorts(8080, 25520, 70000));
  }
}
